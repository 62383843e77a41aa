package io.vigil.app.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A decision on a draft whose playbook no worker serves (in a split deployment, every worker
 * process down while the API is up): Temporal holds the update unaccepted, and the caller gets a
 * 503 with Retry-After within {@link DraftDecisions#TEMPORAL_WAIT}, saying the approval is still
 * pending, rather than a request held past a proxy's timeout; nothing is recorded.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionWithoutWorkersIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;
  @Inject Sql sql;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void givenAPlaybookNoWorkerServes_anApprovalAnswers503WithRetryAfter_andRecordsNothing() {
    Api admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "nw-csm", "csm", null);
    Scenarios.putCustomer(admin, "nw-acme", "Acme without workers", "nw-csm");
    Api.Response token = admin.post("/api/tokens", Map.of("name", "nw csm", "userId", "nw-csm"));
    assertThat(token.status()).isEqualTo(201);
    Api csm = admin.as(token.body().get("token").asText());

    String workflowId = "usage-drop/nw-acme-" + System.nanoTime();
    WorkflowStub unserved = temporal.newUntypedWorkflowStub("UsageDropCheckinWorkflow", WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId).setTaskQueue("no-worker-polls-this").setWorkflowRunTimeout(Duration.ofMinutes(5)).build());
    unserved.start();
    String approvalId = "nw-appr-" + System.nanoTime();
    sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO approvals (id, idempotency_key, workflow_id, customer_id, kind, approver_id, to_address, subject, body, status)
          VALUES (?, ?, ?, 'nw-acme', 'checkin', 'nw-csm', 'champion@acme.example.com', 'Checking in', 'Hello', 'pending')""")) {
        ps.setString(1, approvalId);
        ps.setString(2, approvalId);
        ps.setString(3, workflowId);
        return ps.executeUpdate();
      }
    });

    try {
      long started = System.nanoTime();
      Api.Response answer = csm.post("/api/approvals/" + approvalId + "/approve", Map.of());
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).contains("5");
      assertThat(answer.body().get("message").asText())
          .contains("did not reach its playbook").contains("did not accept it within 20 s").contains("still pending");
      assertThat(took).as("answered before a proxy's 60 s").isBetween(DraftDecisions.TEMPORAL_WAIT, Duration.ofSeconds(45));
      assertThat(statusAndDecider(approvalId)).as("nothing recorded").isEqualTo("pending/null");
    } finally {
      unserved.terminate("test over");
    }
  }

  private String statusAndDecider(String approvalId) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT status, decided_by FROM approvals WHERE id = ?")) {
        ps.setString(1, approvalId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1) + "/" + rs.getString(2);
        }
      }
    });
  }
}
