package io.vigil.app;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.infra.google.GoogleGateway;
import io.vigil.infra.slack.SlackGateway;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says at start-up what is real and what is only recorded, so nobody wonders where a DM went. */
@Singleton
public class StartupReport {
  private static final Logger LOG = LoggerFactory.getLogger("io.vigil");

  private final SlackGateway slack;
  private final boolean slackInteractive;
  private final GoogleGateway google;
  private final String temporalAddress;
  private final String namespace;
  private final String publicUrl;
  private final String role;
  private final String temporalAuth;

  public StartupReport(SlackGateway slack, GoogleGateway google, io.vigil.app.temporal.TemporalConnection connection,
      @Value("${temporal.address:`127.0.0.1:7233`}") String temporalAddress,
      @Value("${temporal.namespace:default}") String namespace,
      @Value("${slack.signing-secret:}") String slackSigningSecret,
      @Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl,
      @Value("${vigil.role:all}") String role) {
    this.role = role;
    this.temporalAuth = connection.describe();
    this.slackInteractive = !slackSigningSecret.isBlank();
    this.publicUrl = publicUrl;
    this.slack = slack;
    this.google = google;
    this.temporalAddress = temporalAddress;
    this.namespace = namespace;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    LOG.info("Role: {} ({})", role, switch (role) {
      case "api" -> "serves the API, the dashboard and webhooks and starts workflows; runs no worker";
      case "worker" -> "polls the task queue; serves /health and /metrics only";
      default -> "serves the API and runs the playbook worker";
    });
    LOG.info("Temporal: {} namespace {} ({})", temporalAddress, namespace, temporalAuth);
    LOG.info("Dashboard: {}/ (sign in with a one-time link: POST /api/users/{id}/signin-links, or the demo's)", publicUrl);
    LOG.info(slack.isConnected()
        ? "Slack: connected; DMs are sent"
        : "Slack: NOT connected (SLACK_BOT_TOKEN unset): DMs go by email, or are recorded; see GET /api/notifications");
    LOG.info(slackInteractive
        ? "Slack buttons: POST /api/slack/interactions verifies requests with SLACK_SIGNING_SECRET"
        : "Slack buttons: NOT configured (SLACK_SIGNING_SECRET unset): POST /api/slack/interactions answers 503, "
            + "so clicks on Approve, Edit, Reject and Snooze do nothing; see docs/slack.md");
    LOG.info(google.isConnected()
        ? "Gmail/Calendar: connected with " + google.describeCredentials()
        : "Gmail/Calendar: NOT connected (GOOGLE_ACCESS_TOKEN / GOOGLE_APPLICATION_CREDENTIALS unset): "
            + "emails are recorded instead of sent; see GET /api/notifications");
  }
}
