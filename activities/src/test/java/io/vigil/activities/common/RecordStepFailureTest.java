package io.vigil.activities.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.ActivityLogEntry;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.Notification;
import io.vigil.infra.persistence.NotificationRepository;
import io.vigil.workflows.common.StepFailure;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code recordStepFailure} against a real PostgreSQL: the deliveries of a step whose attempts are
 * over are marked failed with the reason, exactly those under the step's key, and the failure is
 * logged once in each customer's activity.
 */
class RecordStepFailureTest {
  private static final String KEY = "usage-drop/cust-42@2026-03-02/notify-csm";
  private static final String WORKFLOW_ID = "usage-drop/cust-42";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestDatabase db;
  private static ApplicationContext context;
  private static ActivityLogActivitiesImpl activities;
  private static NotificationRepository notifications;
  private static ActivityLogRepository activityLog;

  @BeforeAll
  static void startDatabaseAndBeans() {
    db = new TestDatabase();
    context = db.beans();
    activities = context.getBean(ActivityLogActivitiesImpl.class);
    notifications = context.getBean(NotificationRepository.class);
    activityLog = context.getBean(ActivityLogRepository.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @BeforeEach
  void deliveries() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE notifications CASCADE");
      s.execute("TRUNCATE agent_activity_log");
    }
    claim(KEY + "/slack", "slack");
    notifications.complete(KEY + "/slack", "failed", null, null, "Slack chat.postMessage answered HTTP 503");
    claim(KEY + "/email", "email"); // still pending: its last attempt timed out
    claim(KEY + "-later/email", "email"); // another step whose key merely starts alike
    claim("usage-drop/cust-42@2026-03-02/urgent-email", "email");
  }

  @Test
  void theStepsPendingDeliveriesAreMarkedFailedWithTheReasonAndNothingElseIsTouched() throws Exception {
    activities.recordStepFailure(new StepFailure(KEY, List.of("cust-42"), WORKFLOW_ID, "notify-csm",
        "timed out (heartbeat) after: Google messages.send failed with HTTP 503", "the task still waits"));

    Notification email = notifications.findByIdempotencyKey(KEY + "/email").orElseThrow();
    assertThat(email.status()).isEqualTo("failed");
    assertThat(email.error()).isEqualTo("timed out (heartbeat) after: Google messages.send failed with HTTP 503");
    assertThat(notifications.findByIdempotencyKey(KEY + "/slack").orElseThrow().error())
        .isEqualTo("Slack chat.postMessage answered HTTP 503");
    assertThat(notifications.findByIdempotencyKey(KEY + "-later/email").orElseThrow().status()).isEqualTo("pending");
    assertThat(notifications.findByIdempotencyKey("usage-drop/cust-42@2026-03-02/urgent-email").orElseThrow().status())
        .isEqualTo("pending");
    List<ActivityLogEntry> logged = activityLog.findByCustomer("cust-42", null, null, 1000);
    assertThat(logged).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("step_failed");
      assertThat(e.workflowId()).isEqualTo(WORKFLOW_ID);
    });
    JsonNode details = JSON.readTree(logged.get(0).details());
    assertThat(details.get("step").asText()).isEqualTo("notify-csm");
    assertThat(details.get("undeliveredNotifications").asInt()).isEqualTo(1);
    assertThat(details.get("consequence").asText()).isEqualTo("the task still waits");
  }

  @Test
  void aRetriedRecordingLogsOnceAndAFailureConcerningSeveralCustomersIsInEachOnesActivity() {
    StepFailure failure = new StepFailure(KEY, List.of("cust-42", "cust-43"), WORKFLOW_ID, "coordination-channel",
        "Slack conversations.create failed: missing_scope", "CSMs are still told by DM");

    activities.recordStepFailure(failure);
    activities.recordStepFailure(failure);

    assertThat(activityLog.findByCustomer("cust-42", null, null, 1000)).extracting(ActivityLogEntry::action).containsExactly("step_failed");
    assertThat(activityLog.findByCustomer("cust-43", null, null, 1000)).extracting(ActivityLogEntry::action).containsExactly("step_failed");
  }

  @Test
  void aReasonHoldingANulIsLoggedWithoutIt() throws Exception {
    activities.recordStepFailure(new StepFailure(KEY, List.of("cust-42"), WORKFLOW_ID, "apply-incident-update",
        "refused title Checkout\u0000down", "skipped"));

    JsonNode details = JSON.readTree(activityLog.findByCustomer("cust-42", null, null, 1000).get(0).details());
    assertThat(details.get("reason").asText()).isEqualTo("refused title Checkoutdown");
  }

  private static void claim(String key, String channel) {
    notifications.claim(key, "cust-42", channel, "casey@example.com", "Usage alert", "text", WORKFLOW_ID, "{}");
  }
}
