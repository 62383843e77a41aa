package io.vigil.activities.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.vigil.activities.detection.TestDatabase;
import io.temporal.failure.ApplicationFailure;
import io.vigil.infra.persistence.ActivityLogEntry;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftDecision.Verdict;
import io.vigil.workflows.common.RecordedDecision;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code recordDecision} against a real PostgreSQL with Vigil's migrations, through the beans the
 * worker uses (Micronaut Data repositories, the transaction around decision and log line).
 */
class RecordDecisionTest {
  private static final String APPROVAL_ID = "approval-101";
  private static final String WORKFLOW_ID = "usage-drop/cust-42";
  private static final String CUSTOMER_ID = "cust-42";

  private static TestDatabase db;
  private static ApplicationContext context;
  private static ApprovalActivitiesImpl activities;
  private static ApprovalRepository approvals;
  private static ActivityLogRepository activityLog;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startDatabaseAndBeans() {
    db = new TestDatabase();
    context = db.beans();
    activities = context.getBean(ApprovalActivitiesImpl.class);
    approvals = context.getBean(ApprovalRepository.class);
    activityLog = context.getBean(ActivityLogRepository.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @BeforeEach
  void aPendingDraft() throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE approvals, agent_activity_log");
    }
    approvals.insertOnce(APPROVAL_ID, WORKFLOW_ID + "/draft", WORKFLOW_ID, CUSTOMER_ID, "usage_drop_checkin", "csm-7",
        "sam@acme.example", "Checking in", "Hi Sam, we noticed…");
  }

  @Test
  void givenAPendingDraft_anApprovalWithEditsIsStoredWithItsCredentialAndLoggedInTheCustomersActivity() throws Exception {
    RecordedDecision recorded = activities.recordDecision(
        new DraftDecision(APPROVAL_ID, Verdict.APPROVE, "csm-7", "token-1", "Checking in on your rollout", "Hi Sam, we noticed…", null));

    assertThat(recorded).isEqualTo(new RecordedDecision("approved", "csm-7"));
    Approval row = approvals.findById(APPROVAL_ID).orElseThrow();
    assertThat(row.status()).isEqualTo("approved");
    assertThat(row.decidedBy()).isEqualTo("csm-7");
    assertThat(row.decidedCredential()).isEqualTo("token-1");
    assertThat(row.decidedAt()).isNotNull();
    assertThat(row.subject()).isEqualTo("Checking in on your rollout");
    assertThat(row.body()).isEqualTo("Hi Sam, we noticed…");
    ActivityLogEntry entry = onlyLogEntry();
    assertThat(entry.action()).isEqualTo("approval_decided");
    assertThat(entry.workflowId()).isEqualTo(WORKFLOW_ID);
    assertThat(JSON.readTree(entry.details())).isEqualTo(JSON.valueToTree(Map.of(
        "approvalId", APPROVAL_ID, "verdict", "APPROVE", "decidedBy", "csm-7", "credentialId", "token-1",
        "subjectEdited", true, "bodyEdited", false)));
  }

  @Test
  void givenAPendingDraft_aRejectionKeepsTheDraftAndStoresTheReason() throws Exception {
    RecordedDecision recorded = activities.recordDecision(
        new DraftDecision(APPROVAL_ID, Verdict.REJECT, "csm-7", "oidc:abc", "ignored", "ignored", "spoke to them today"));

    assertThat(recorded).isEqualTo(new RecordedDecision("rejected", "csm-7"));
    Approval row = approvals.findById(APPROVAL_ID).orElseThrow();
    assertThat(row.reason()).isEqualTo("spoke to them today");
    assertThat(row.subject()).isEqualTo("Checking in");
    assertThat(row.decidedCredential()).isEqualTo("oidc:abc");
    JsonNode details = JSON.readTree(onlyLogEntry().details());
    assertThat(details.get("verdict").asText()).isEqualTo("REJECT");
    assertThat(details.get("subjectEdited").asBoolean()).isFalse();
  }

  @Test
  void givenTheSameDecisionRepeatedByARetry_itAnswersThatTheRowHoldsItAndLogsOnce() {
    DraftDecision approval = new DraftDecision(APPROVAL_ID, Verdict.APPROVE, "csm-7", "token-1", null, null, null);

    assertThat(activities.recordDecision(approval).holds(approval)).isTrue();
    assertThat(activities.recordDecision(approval).holds(approval)).isTrue();

    assertThat(activityLog.findByCustomer(CUSTOMER_ID, null, null, 1000)).hasSize(1);
  }

  @Test
  void givenADraftAlreadyDecidedByAnotherPerson_itAnswersThatOutcomeAndChangesNothing() {
    activities.recordDecision(new DraftDecision(APPROVAL_ID, Verdict.REJECT, "csm-8", "token-8", null, null, "no"));
    DraftDecision sameVerdictOtherPerson = new DraftDecision(APPROVAL_ID, Verdict.REJECT, "csm-7", "token-7", null, null, "no");

    RecordedDecision recorded = activities.recordDecision(sameVerdictOtherPerson);

    assertThat(recorded).isEqualTo(new RecordedDecision("rejected", "csm-8"));
    assertThat(recorded.holds(sameVerdictOtherPerson)).isFalse();
    assertThat(approvals.findById(APPROVAL_ID).orElseThrow().decidedCredential()).isEqualTo("token-8");
    assertThat(activities.recordDecision(new DraftDecision(APPROVAL_ID, Verdict.APPROVE, "csm-8", "token-8", null, null, null)))
        .isEqualTo(new RecordedDecision("rejected", "csm-8"));
    assertThat(activityLog.findByCustomer(CUSTOMER_ID, null, null, 1000)).hasSize(1);
  }

  @Test
  void givenAnExpiredDraft_itAnswersExpiredAndRecordsNothing() {
    approvals.expire(APPROVAL_ID);

    RecordedDecision recorded = activities.recordDecision(new DraftDecision(APPROVAL_ID, Verdict.APPROVE, "csm-7", "token-1", null, null, null));

    assertThat(recorded).isEqualTo(new RecordedDecision("expired", null));
    assertThat(approvals.findById(APPROVAL_ID).orElseThrow().decidedBy()).isNull();
    assertThat(activityLog.findByCustomer(CUSTOMER_ID, null, null, 1000)).isEmpty();
  }

  /**
   * The expiry of a draft whose decision never reached its workflow: expireApproval leaves the
   * decided row alone and answers its status; readDecision then answers the verdict and who, and
   * writes nothing (ApprovalGate.DECISION_TAKEN_FROM_ROW).
   */
  @Test
  void givenARowDecidedBeforeItsExpiry_readDecisionAnswersTheVerdictAndWhoAndChangesNothing() {
    activities.recordDecision(new DraftDecision(APPROVAL_ID, Verdict.APPROVE, "csm-7", "token-1", "Edited", null, null));
    insertPending("approval-102");

    assertThat(activities.expireApproval(APPROVAL_ID)).isEqualTo("approved");
    assertThat(activities.readDecisions(List.of(APPROVAL_ID, "approval-102")))
        .containsExactly(new RecordedDecision("approved", "csm-7"), new RecordedDecision("pending", null));
    assertThat(activities.readDecision(APPROVAL_ID)).isEqualTo(new RecordedDecision("approved", "csm-7"));

    Approval row = approvals.findById(APPROVAL_ID).orElseThrow();
    assertThat(row.status()).isEqualTo("approved");
    assertThat(row.subject()).isEqualTo("Edited");
    assertThat(approvals.findById("approval-102").orElseThrow().status()).isEqualTo("pending");
    assertThat(activityLog.findByCustomer(CUSTOMER_ID, null, null, 1000)).hasSize(1); // the decision's line only
  }

  private static void insertPending(String approvalId) {
    approvals.insertOnce(approvalId, WORKFLOW_ID + "/draft-2", WORKFLOW_ID, CUSTOMER_ID, "usage_drop_checkin", "csm-7",
        "sam@acme.example", "Checking in", "Hi Sam, we noticed…");
  }

  @Test
  void givenAnUnknownApproval_itFailsForGoodAsUnknownApproval() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> activities.recordDecision(
        new DraftDecision("approval-999", Verdict.APPROVE, "csm-7", "token-1", null, null, null)));

    assertThat(failure.getType()).isEqualTo("UnknownApproval");
    assertThat(failure.isNonRetryable()).isTrue();
  }

  private static ActivityLogEntry onlyLogEntry() {
    List<ActivityLogEntry> entries = activityLog.findByCustomer(CUSTOMER_ID, null, null, 1000);
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }
}
