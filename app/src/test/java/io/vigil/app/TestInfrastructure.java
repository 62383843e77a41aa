package io.vigil.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vigil.app.embedded.EmbeddedDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What integration tests run against, started once per JVM: the real Temporal dev server and an
 * embedded PostgreSQL through the same launcher the application uses (fresh data folder, free
 * ports), and one WireMock server playing Slack (under /slack/api/) and Google (under /google/).
 */
public final class TestInfrastructure {
  /** VIGIL_ADMIN_TOKEN of every test application. */
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
  public static final String ZENDESK_SECRET = "zd-signing-secret";
  public static final String INTAKE_SECRET = "intake-signing-secret";
  public static final String SLACK_SIGNING_SECRET = "slack-signing-secret-for-tests";
  private static Map<String, String> properties;
  private static WireMockServer wireMock;

  private TestInfrastructure() {}

  public static synchronized Map<String, String> properties() {
    if (properties == null) {
      wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort());
      wireMock.start();
      Path dataDir = tempDir();
      Map<String, String> env = Map.of(
          "VIGIL_DATA_DIR", dataDir.toString(),
          "VIGIL_POSTGRES_PORT", String.valueOf(FreePorts.next()),
          "VIGIL_TEMPORAL_PORT", String.valueOf(FreePorts.next()),
          "VIGIL_TEMPORAL_UI_PORT", String.valueOf(FreePorts.next()));
      Map<String, String> props = new HashMap<>();
      EmbeddedDefaults.start(env::get).forEach((k, v) -> props.put(k, String.valueOf(v)));
      props.put("micronaut.server.port", "-1");
      props.put("vigil.admin-token", ADMIN_TOKEN);
      props.put("vigil.data-dir", dataDir.toString());
      // a loaded CI machine may take longer than 30 s over a test's portfolio: tests that want the
      // 202 ask for it (Prefer: respond-async), the others keep their direct answer
      props.put("vigil.detection.run-answer-within", "10m");
      // the daily sweep's schedule (06:00 UTC) would run a real sweep over every test's customers in
      // the middle of whatever test runs then: the ITs start their sweeps themselves
      props.put("vigil.detection.schedule-enabled", "false");
      props.put("vigil.weekly-report.schedule-enabled", "false");
      props.put("slack.bot-token", "xoxb-test-token");
      props.put("slack.base-url", wireMock.baseUrl() + "/slack/api/");
      props.put("slack.signing-secret", SLACK_SIGNING_SECRET);
      props.put("google.access-token", "ya29.test-token");
      props.put("google.root-url", wireMock.baseUrl() + "/google/");
      props.put("pagerduty.webhook-secrets", "old-pd-secret,new-pd-secret");
      props.put("opsgenie.webhook-secret", "og-secret");
      props.put("statuspage.webhook-token", "sp-token");
      props.put("zendesk.webhook-secret", ZENDESK_SECRET);
      // escalations go to WireMock: product and engineering by webhook, documentation nowhere (skipped)
      props.put("vigil.product.intake-url", wireMock.baseUrl() + "/intake/product");
      props.put("vigil.engineering.intake-url", wireMock.baseUrl() + "/intake/engineering");
      props.put("vigil.intake.webhook-secret", INTAKE_SECRET);
      properties = Map.copyOf(props);
    }
    return properties;
  }

  public static WireMockServer wireMock() {
    properties();
    return wireMock;
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vigil-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
