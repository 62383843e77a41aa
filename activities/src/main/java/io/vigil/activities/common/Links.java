package io.vigil.activities.common;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Absolute links for messages; the base is {@code VIGIL_PUBLIC_URL}. Every link a person follows from a
 * Slack message or an email opens a dashboard page (docs/slack.md, "Links"), never the JSON API: only
 * {@link #escalationApi} does, for the intake webhook's machines.
 */
@Singleton
public class Links {
  private final String base;

  public Links(@Value("${vigil.public-url:`http://localhost:8080`}") String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** My day: the signed-in person's alerts, tasks (tasks have no page of their own) and drafts. */
  public String myDay() {
    return base + "/";
  }

  public String customer(String customerId) {
    return base + "/customers/" + encode(customerId);
  }

  /** The approval queue, of one customer or (null) all. */
  public String pendingApprovals(String customerId) {
    return base + "/approvals" + (customerId == null ? "" : "?customerId=" + encode(customerId));
  }

  /** A stalled feature's resources are shown on the customer's page (no page of its own yet). */
  public String featureResources(String customerId, String featureId) {
    return customer(customerId);
  }

  /**
   * An escalation has no page yet: the customer's page when it concerns one customer, else My day.
   */
  public String escalation(java.util.List<String> customerIds) {
    return customerIds.size() == 1 ? customer(customerIds.get(0)) : myDay();
  }

  /** The escalation as JSON, for the intake webhook's receivers (machines, not people). */
  public String escalationApi(String escalationId) {
    return base + "/api/escalations/" + encode(escalationId);
  }

  /** A draft opened beside the queue, where it is edited, approved or rejected. */
  public String approval(String approvalId) {
    return base + "/approvals/" + encode(approvalId);
  }

  public static String scheduleCall(String title) {
    return "https://calendar.google.com/calendar/r/eventedit?text=" + encode(title);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
