package io.vigil.activities.common;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Absolute links into Vigil's API for messages; the base is {@code VIGIL_PUBLIC_URL}. */
@Singleton
public class Links {
  private final String base;

  public Links(@Value("${vigil.public-url:`http://localhost:8080`}") String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String customer(String customerId) {
    return base + "/api/customers/" + encode(customerId);
  }

  /** Pending approvals, of one customer or (null) all. */
  public String pendingApprovals(String customerId) {
    return base + "/api/approvals?status=pending" + (customerId == null ? "" : "&customerId=" + encode(customerId));
  }

  public String tasks(String assigneeId) {
    return base + "/api/tasks?assigneeId=" + encode(assigneeId);
  }

  public String featureResources(String featureId) {
    return base + "/api/features/" + encode(featureId) + "/resources";
  }

  public String escalation(String escalationId) {
    return base + "/api/escalations/" + encode(escalationId);
  }

  public String approval(String approvalId) {
    return base + "/api/approvals/" + encode(approvalId);
  }

  public String approve(String approvalId) {
    return base + "/api/approvals/" + encode(approvalId) + "/approve";
  }

  public String reject(String approvalId) {
    return base + "/api/approvals/" + encode(approvalId) + "/reject";
  }

  public static String scheduleCall(String title) {
    return "https://calendar.google.com/calendar/r/eventedit?text=" + encode(title);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
