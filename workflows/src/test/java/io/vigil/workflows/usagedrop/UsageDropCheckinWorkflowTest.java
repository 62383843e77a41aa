package io.vigil.workflows.usagedrop;

import static io.vigil.workflows.usagedrop.CheckinHarness.APPROVAL_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.AS_OF;
import static io.vigil.workflows.usagedrop.CheckinHarness.COOLDOWN;
import static io.vigil.workflows.usagedrop.CheckinHarness.CSM_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.CUSTOMER_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.KEY;
import static io.vigil.workflows.usagedrop.CheckinHarness.WORKFLOW_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.alert;
import static io.vigil.workflows.usagedrop.CheckinHarness.detection;
import static io.vigil.workflows.usagedrop.CheckinHarness.named;
import static io.vigil.workflows.usagedrop.CheckinHarness.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.endsWith;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.GlobalDataConverter;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.common.StepFailure;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.StepFailures;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.testing.Summaries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * The usage-drop check-in against a time-skipping test server, every activity mocked. Timings are
 * checked against the workflow's start time as the server recorded it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UsageDropCheckinWorkflowTest {
  /** Activities run in wall-clock milliseconds; this bounds how late a step may be after its due time. */
  private static final Duration SLACK = Duration.ofMinutes(1);
  private static final long ASYNC_MS = 5_000;

  private CheckinHarness h;

  @BeforeEach
  void startTestServer() {
    h = new CheckinHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  // ---------------------------------------------------------------- severity

  @Test
  void givenMediumDrop_whenTheCheckinStarts_itRunsEveryStepAndCreatesAMediumTaskDue24HoursAfterStart() {
    UsageDropAlert alert = alert(35);
    h.start(alert);
    CheckinState waiting = h.awaitStage("waiting for approval by Dana Whitfield");
    Instant startedAt = h.startedAt();

    verify(h.usageDrop).recordRiskSignal(KEY + "/risk-signal", alert);
    verify(h.usageDrop).recordTriggerEvent(KEY + "/trigger-event", alert, TriggerOutcome.FIRED, "DAU dropped 35% (100 → 65)");
    verify(h.health).adjustHealthScore(KEY + "/health-score", CUSTOMER_ID, -5, "usage drop: DAU dropped 35% (100 → 65)");
    verify(h.usageDrop).notifyCsm(KEY + "/notify-csm", alert);
    verify(h.meetingSlots).suggestMeetingSlots(CUSTOMER_ID);
    verify(h.usageDrop).draftCheckinEmail(KEY + "/draft", alert, CheckinHarness.SLOTS);
    verify(h.approvals).offerDraftInDm(KEY + "/draft-buttons", KEY + "/notify-csm", APPROVAL_ID);
    org.mockito.InOrder order = org.mockito.Mockito.inOrder(h.usageDrop, h.approvals);
    order.verify(h.usageDrop).notifyCsm(KEY + "/notify-csm", alert);
    order.verify(h.usageDrop).draftCheckinEmail(KEY + "/draft", alert, CheckinHarness.SLOTS);
    order.verify(h.approvals).offerDraftInDm(KEY + "/draft-buttons", KEY + "/notify-csm", APPROVAL_ID);
    verify(h.usageDrop, never()).emailCsmUrgently(anyString(), any());

    NewTask task = createdTask();
    assertThat(task.priority()).isEqualTo(TaskPriority.MEDIUM);
    assertThat(task.dueAt()).isBetween(startedAt.plus(Duration.ofHours(24)), startedAt.plus(Duration.ofHours(24)).plus(SLACK));
    assertThat(task.idempotencyKey()).isEqualTo(KEY + "/task");
    assertThat(task.title()).isEqualTo("Check in on Acme Corp - DAU dropped 35% (100 → 65)");
    assertThat(task.assigneeId()).isEqualTo(CSM_ID);
    assertThat(task.customerId()).isEqualTo(CUSTOMER_ID);
    assertThat(task.workflowId()).isEqualTo(WORKFLOW_ID);

    assertThat(waiting.severity()).isEqualTo("medium");
    assertThat(waiting.approvalId()).isEqualTo(APPROVAL_ID);
    assertThat(waiting.approvalStatus()).isEqualTo("pending");
    assertThat(waiting.suppressedDetections()).isZero();
    // the cooldown and the task's due time are measured from the same instant
    assertThat(waiting.cooldownUntil()).isEqualTo(task.dueAt().minus(Duration.ofHours(24)).plus(COOLDOWN));
  }

  @Test
  void givenHighDrop_whenTheCheckinStarts_itCreatesAHighTaskDue4HoursAfterStartWithoutAnUrgentEmail() {
    h.start(alert(60));
    CheckinState waiting = h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    NewTask task = createdTask();
    assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
    assertThat(task.dueAt()).isBetween(startedAt.plus(Duration.ofHours(4)), startedAt.plus(Duration.ofHours(4)).plus(SLACK));
    assertThat(waiting.severity()).isEqualTo("high");
    verify(h.health).adjustHealthScore(KEY + "/health-score", CUSTOMER_ID, -10, "usage drop: DAU dropped 60% (100 → 40)");
    verify(h.usageDrop, never()).emailCsmUrgently(anyString(), any());
  }

  @Test
  void givenCriticalDrop_whenTheCheckinStarts_itCreatesAnUrgentTaskDue1HourAfterStartAndEmailsTheCsmAtOnce() {
    UsageDropAlert alert = alert(80);
    h.start(alert);
    CheckinState waiting = h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    NewTask task = createdTask();
    assertThat(task.priority()).isEqualTo(TaskPriority.URGENT);
    assertThat(task.dueAt()).isBetween(startedAt.plus(Duration.ofHours(1)), startedAt.plus(Duration.ofHours(1)).plus(SLACK));
    verify(h.usageDrop, times(1)).emailCsmUrgently(KEY + "/urgent-email", alert);
    verify(h.usageDrop, times(1)).notifyCsm(KEY + "/notify-csm", alert);
    assertThat(waiting.severity()).isEqualTo("critical");
    assertThat(WorkflowStub.fromTyped(h.running()).describe().getTypedSearchAttributes().get(SearchAttributes.SEVERITY))
        .isEqualTo("critical");
  }

  // ---------------------------------------------------------------- approval

  @Test
  void givenMediumDrop_whenApproved_itSendsTheDraftOnce() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");

    h.approve(APPROVAL_ID);
    h.approve(APPROVAL_ID); // a repeated click is the same decision
    CheckinState done = h.result();

    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.approvals, never()).remindApprover(anyString(), anyString());
    verify(h.approvals, never()).expireApproval(anyString());
    assertThat(loggedActions()).containsExactly("cooldown_ended");
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(done.approvalId()).isEqualTo(APPROVAL_ID);
    assertThat(done.stage()).isEqualTo("done");
  }

  @Test
  void givenAnApprovalWithEdits_whenSignalled_itIsAcceptedAndSavedAsAGmailDraftAsThePolicySays() {
    h.start(alert(35, policy(CheckinPolicy.ALL_ACTIONS, new ApprovalPolicy(Duration.ofHours(24), Duration.ofDays(7), true))));
    h.awaitStage("waiting for approval");

    ApproveDraft edited = new ApproveDraft(APPROVAL_ID, CSM_ID, "Checking in on your rollout", "Hi Sam, …");
    h.running().approveDraft(edited);
    CheckinState done = h.result();

    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, true);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(signalsNamed("approveDraft")).containsExactly(edited);
  }

  @Test
  void givenMediumDrop_whenRejected_itSendsNothingAndLogsTheRejection() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");

    h.reject(APPROVAL_ID, "already spoke to them today");
    CheckinState done = h.result();

    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("rejected");
    assertThat(done.stage()).isEqualTo("done");
    LogEntry rejected = loggedEntry("approval_rejected");
    assertThat(rejected.idempotencyKey()).isEqualTo(KEY + "/approval-rejected");
    assertThat(rejected.customerId()).isEqualTo(CUSTOMER_ID);
    assertThat(rejected.workflowId()).isEqualTo(WORKFLOW_ID);
    assertThat(rejected.details()).isEqualTo(
        Map.of("approvalId", APPROVAL_ID, "rejectedBy", CSM_ID, "reason", "already spoke to them today"));
  }

  @Test
  void givenNoDecision_itRemindsTheApproverAfter24HoursAndNotBefore() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    h.env.sleep(Duration.ofHours(23));
    assertThat(h.state().approvalStatus()).isEqualTo("pending");
    verify(h.approvals, never()).remindApprover(anyString(), anyString());

    h.env.sleep(Duration.ofHours(1).plusMinutes(5));
    verify(h.approvals, timeout(ASYNC_MS).times(1)).remindApprover(KEY + "/approval-reminder", APPROVAL_ID);
    assertThat(h.onlyCallTime("remindApprover"))
        .isBetween(startedAt.plus(Duration.ofHours(24)), startedAt.plus(Duration.ofHours(24)).plus(SLACK));
    CheckinState reminded = h.awaitStage("waiting for approval");
    assertThat(reminded.approvalStatus()).isEqualTo("pending");
    verify(h.approvals, never()).expireApproval(anyString());
  }

  @Test
  void givenNoDecision_itExpiresTheDraft7DaysAfterStartAndSendsNothing() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    CheckinState done = h.result();

    verify(h.approvals, times(1)).remindApprover(KEY + "/approval-reminder", APPROVAL_ID);
    verify(h.approvals, times(1)).expireApproval(APPROVAL_ID);
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(h.onlyCallTime("remindApprover")).isBetween(startedAt.plus(Duration.ofHours(24)), startedAt.plus(Duration.ofHours(24)).plus(SLACK));
    assertThat(h.onlyCallTime("expireApproval")).isBetween(startedAt.plus(Duration.ofDays(7)), startedAt.plus(Duration.ofDays(7)).plus(SLACK));
    assertThat(done.approvalStatus()).isEqualTo("expired");
    assertThat(done.stage()).isEqualTo("done");
    LogEntry expired = loggedEntry("approval_expired");
    assertThat(expired.idempotencyKey()).isEqualTo(KEY + "/approval-expired");
    assertThat(expired.details()).isEqualTo(Map.of("approvalId", APPROVAL_ID));
    assertThat(loggedActions()).containsExactly("approval_expired", "cooldown_ended");
  }

  @Test
  void givenExpiryLosingARaceToAnApproval_itWaitsForTheLateSignalAndSends() {
    h.answerExpireApprovalWith("approved");
    h.start(alert(35));
    h.awaitStage("waiting for approval");

    h.env.sleep(Duration.ofDays(7).plusMinutes(2));
    verify(h.approvals, timeout(ASYNC_MS).times(1)).expireApproval(APPROVAL_ID);
    assertThat(h.state().approvalStatus()).isEqualTo("pending");
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());

    h.approve(APPROVAL_ID);
    CheckinState done = h.result();

    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(loggedActions()).doesNotContain("approval_expired");
  }

  /**
   * Since ApprovalGate.DECISION_TAKEN_FROM_ROW the row's approval is taken once the grace runs out
   * (CheckinDraftDecisionTest); runs that reached this point before it ended expired, and still do
   * when replayed (the version marker is absent from their histories).
   */
  @Test
  void givenExpiryAnsweringApproved_whenTheSignalNeverComes_itTakesTheRowsApprovalAfterTheGracePeriod() {
    h.rowDecidedWithoutTheWorkflow("approved", CSM_ID);
    h.start(alert(35));
    h.awaitStage("waiting for approval");

    CheckinState done = h.result();

    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    assertThat(done.approvalStatus()).isEqualTo("approved");
    Instant expiredAt = h.onlyCallTime("expireApproval");
    assertThat(h.onlyCallTime("readDecision"))
        .isBetween(expiredAt.plus(Duration.ofMinutes(10)), expiredAt.plus(Duration.ofMinutes(10)).plus(SLACK));
  }

  @Test
  void givenAnApprovalForAnotherDraft_itIsIgnoredUntilTheRightOneArrives() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");

    h.approve("approval-999");
    h.env.sleep(Duration.ofHours(1));
    CheckinState stillWaiting = h.awaitStage("waiting for approval");
    assertThat(stillWaiting.approvalStatus()).isEqualTo("pending");
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());

    h.approve(APPROVAL_ID);
    CheckinState done = h.result();

    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, never()).sendApprovedDraft(anyString(), eq("approval-999"), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("approved");
  }

  // ---------------------------------------------------------------- cooldown

  @Test
  void givenAnApprovedCheckin_itKeepsRunningThroughTheCooldownAndCompletes7DaysAfterStart() {
    h.start(alert(35));
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();
    h.approve(APPROVAL_ID);
    CheckinState cooling = h.awaitStage("cooling down until");
    verify(h.approvals, timeout(ASYNC_MS).times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);

    h.env.sleep(Duration.ofDays(6));
    assertThat(WorkflowStub.fromTyped(h.running()).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(h.state().stage()).isEqualTo(cooling.stage());
    verify(h.activityLog, never()).log(any());

    CheckinState done = h.result();

    assertThat(h.onlyCallTime("log:cooldown_ended")).isBetween(startedAt.plus(COOLDOWN), startedAt.plus(COOLDOWN).plus(SLACK));
    assertThat(done.cooldownUntil()).isBetween(startedAt.plus(COOLDOWN), startedAt.plus(COOLDOWN).plus(SLACK));
    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.suppressedDetections()).isZero();
    LogEntry ended = loggedEntry("cooldown_ended");
    assertThat(ended.idempotencyKey()).isEqualTo(KEY + "/cooldown-ended");
    assertThat(ended.details()).isEqualTo(Map.of("suppressedDetections", 0));
  }

  @Test
  void givenCriticalCheckinInItsCooldown_whenDetectedAgain_itRecordsTheDetectionAsSuppressedAndRunsNothingElseTwice() {
    UsageDropAlert alert = alert(80);
    h.start(alert);
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);
    h.awaitStage("cooling down until");
    h.env.sleep(Duration.ofDays(3));

    UsageDropAlert again = detection(AS_OF.plusDays(3), 85, alert.policy());
    h.running().reportDetection(again);

    verify(h.usageDrop, timeout(ASYNC_MS).times(1)).recordTriggerEvent(
        eq(WORKFLOW_ID + "@" + AS_OF.plusDays(3) + "/suppressed"), eq(again), eq(TriggerOutcome.SUPPRESSED), contains("in its cooldown until"));
    assertThat(h.awaitState("one suppressed detection", s -> s.suppressedDetections() == 1).stage()).startsWith("cooling down");
    CheckinState done = h.result();

    assertThat(done.suppressedDetections()).isEqualTo(1);
    assertThat(done.severity()).isEqualTo("critical");
    assertThat(loggedEntry("cooldown_ended").details()).isEqualTo(Map.of("suppressedDetections", 1));
    verify(h.usageDrop, times(1)).recordTriggerEvent(anyString(), any(), eq(TriggerOutcome.FIRED), anyString());
    verify(h.usageDrop, times(1)).recordTriggerEvent(endsWith("/suppressed"), any(), eq(TriggerOutcome.SUPPRESSED), anyString());
    verify(h.usageDrop, times(1)).recordRiskSignal(anyString(), any());
    verify(h.usageDrop, times(1)).notifyCsm(anyString(), any());
    verify(h.usageDrop, times(1)).emailCsmUrgently(anyString(), any());
    verify(h.usageDrop, times(1)).draftCheckinEmail(anyString(), any(), any());
    verify(h.tasks, times(1)).createTask(any());
    verify(h.health, times(1)).adjustHealthScore(anyString(), anyString(), anyInt(), anyString());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
  }

  @Test
  void givenACheckinWaitingForApproval_whenDetectedAgain_itRecordsTheDetectionAsSuppressedWhileInProgress() {
    UsageDropAlert alert = alert(35);
    h.start(alert);
    h.awaitStage("waiting for approval");

    UsageDropAlert again = detection(AS_OF.plusDays(1), 40, alert.policy());
    h.running().reportDetection(again);

    verify(h.usageDrop, timeout(ASYNC_MS).times(1)).recordTriggerEvent(
        eq(WORKFLOW_ID + "@" + AS_OF.plusDays(1) + "/suppressed"), eq(again), eq(TriggerOutcome.SUPPRESSED), contains("still in progress"));
    CheckinState waiting = h.awaitState("one suppressed detection", s -> s.suppressedDetections() == 1);
    assertThat(waiting.approvalStatus()).isEqualTo("pending");
    verify(h.usageDrop, times(1)).notifyCsm(anyString(), any());
  }

  /**
   * A detection signalled while the workflow writes its final "cooldown_ended" log line must still
   * be recorded: the dispatcher has already counted it as suppressed.
   */
  @Test
  void givenADetectionWhileTheCooldownEndIsBeingLogged_itIsStillRecordedBeforeTheCheckinCloses() {
    UsageDropAlert alert = alert(35, policy(Set.of(CheckinPolicy.SLACK_NOTIFY), ApprovalPolicy.DEFAULT));
    UsageDropAlert late = detection(AS_OF.plusDays(7), 40, alert.policy());
    doAnswer(invocation -> {
          if (invocation.<LogEntry>getArgument(0).action().equals("cooldown_ended")) {
            h.running().reportDetection(late);
          }
          return null;
        })
        .when(h.activityLog).log(any());
    h.start(alert);

    CheckinState done = h.result();

    assertThat(done.suppressedDetections()).isEqualTo(1);
    verify(h.usageDrop, times(1))
        .recordTriggerEvent(eq(WORKFLOW_ID + "@" + AS_OF.plusDays(7) + "/suppressed"), eq(late), eq(TriggerOutcome.SUPPRESSED), anyString());
  }

  // ---------------------------------------------------------------- policy actions

  @Test
  void givenAPolicyWithoutDraftEmail_itDraftsNothingAndCoolsDownWithoutWaitingForApproval() {
    UsageDropAlert alert = alert(35, policy(
        Set.of(CheckinPolicy.SLACK_NOTIFY, CheckinPolicy.CREATE_TASK, CheckinPolicy.UPDATE_HEALTH_SCORE), ApprovalPolicy.DEFAULT));
    h.start(alert);
    CheckinState cooling = h.awaitStage("cooling down until");
    Instant startedAt = h.startedAt();

    assertThat(cooling.approvalId()).isNull();
    assertThat(cooling.approvalStatus()).isNull();
    verify(h.usageDrop, never()).draftCheckinEmail(anyString(), any(), any());
    verify(h.usageDrop).notifyCsm(KEY + "/notify-csm", alert);
    verify(h.tasks).createTask(any());

    CheckinState done = h.result();
    assertThat(done.approvalStatus()).isNull();
    assertThat(done.stage()).isEqualTo("done");
    assertThat(h.onlyCallTime("log:cooldown_ended")).isBetween(startedAt.plus(COOLDOWN), startedAt.plus(COOLDOWN).plus(SLACK));
    verifyNoInteractions(h.approvals);
  }

  @Test
  void givenAPolicyWithoutSlackNotify_itDoesNotNotifyTheCsmButRunsTheRest() {
    UsageDropAlert alert = alert(35, policy(
        Set.of(CheckinPolicy.CREATE_TASK, CheckinPolicy.DRAFT_EMAIL, CheckinPolicy.UPDATE_HEALTH_SCORE), ApprovalPolicy.DEFAULT));
    h.start(alert);
    h.awaitStage("waiting for approval");

    verify(h.usageDrop, never()).notifyCsm(anyString(), any());
    verify(h.tasks, times(1)).createTask(any());
    verify(h.health, times(1)).adjustHealthScore(KEY + "/health-score", CUSTOMER_ID, -5, "usage drop: DAU dropped 35% (100 → 65)");
    verify(h.usageDrop, times(1)).draftCheckinEmail(KEY + "/draft", alert, CheckinHarness.SLOTS);

    h.approve(APPROVAL_ID);
    CheckinState done = h.result();
    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.usageDrop, never()).notifyCsm(anyString(), any());
  }

  // ---------------------------------------------------------------- failing providers

  @Test
  void givenSlackAndGmailRefusingForGood_theCheckinStillCreatesItsTaskAndDraftAndCompletesWithEachFailureLogged() {
    doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
        .when(h.usageDrop).notifyCsm(anyString(), any());
    doThrow(StepFailures.permanent("Google messages.send failed with HTTP 400: Bad Request"))
        .when(h.usageDrop).emailCsmUrgently(anyString(), any());
    doThrow(StepFailures.permanent("Slack chat.postMessage failed: account_inactive"))
        .when(h.approvals).remindApprover(anyString(), anyString());
    doThrow(StepFailures.permanent("Slack chat.update failed: message_not_found"))
        .when(h.approvals).offerDraftInDm(anyString(), anyString(), anyString());
    h.start(alert(80));

    CheckinState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.approvalStatus()).isEqualTo("expired");
    verify(h.tasks, times(1)).createTask(any());
    verify(h.usageDrop, times(1)).draftCheckinEmail(anyString(), any(), any());
    verify(h.usageDrop, times(1)).notifyCsm(anyString(), any());
    assertThat(StepFailures.recorded(h.activityLog)).extracting(StepFailure::step)
        .containsExactly("notify-csm", "urgent-email", "draft-buttons", "approval-reminder");
    StepFailure notify = StepFailures.of(h.activityLog, "notify-csm");
    assertThat(notify.key()).isEqualTo(KEY + "/notify-csm");
    assertThat(notify.customerIds()).containsExactly(CUSTOMER_ID);
    assertThat(notify.workflowId()).isEqualTo(WORKFLOW_ID);
    assertThat(notify.reason()).isEqualTo("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403");
    assertThat(notify.consequence()).contains("task");
    assertThat(StepFailures.of(h.activityLog, "urgent-email").reason()).isEqualTo("Google messages.send failed with HTTP 400: Bad Request");
    assertThat(StepFailures.of(h.activityLog, "approval-reminder").key()).isEqualTo(KEY + "/approval-reminder");
  }

  @Test
  void givenGmailRefusingTheApprovedEmail_theApprovalIsReportedFailedToItsApproverAndTheCheckinCoolsDownAsUsual() {
    doThrow(StepFailures.permanent("Google messages.send failed with HTTP 400: Invalid To header"))
        .when(h.approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    h.start(alert(35));
    h.awaitStage("waiting for approval");
    h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));

    CheckinState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.approvalStatus()).isEqualTo("failed");
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, times(1)).reportSendFailure(KEY + "/send-failed", APPROVAL_ID,
        "Google messages.send failed with HTTP 400: Invalid To header");
    StepFailure send = StepFailures.of(h.activityLog, "send-approved-email");
    assertThat(send.key()).isEqualTo(KEY + "/send-approved");
    assertThat(send.consequence()).contains("approval is marked failed");
    assertThat(loggedActions()).containsExactly("cooldown_ended");
  }

  @Test
  void givenCalendarRefusingFreeBusy_theDraftGoesWithoutMeetingTimesAndTheSkipIsLogged() {
    doThrow(StepFailures.permanent("Google freebusy.query failed with HTTP 403: Forbidden"))
        .when(h.meetingSlots).suggestMeetingSlots(anyString());
    UsageDropAlert alert = alert(35);
    h.start(alert);
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);

    CheckinState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.usageDrop, times(1)).draftCheckinEmail(KEY + "/draft", alert, List.of());
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    StepFailure slots = StepFailures.of(h.activityLog, "meeting-slots");
    assertThat(slots.key()).isEqualTo(KEY + "/meeting-slots");
    assertThat(slots.reason()).isEqualTo("Google freebusy.query failed with HTTP 403: Forbidden");
    assertThat(slots.consequence()).contains("no meeting times");
  }

  @Test
  void givenASlackOutageThroughEveryAttempt_theDmIsTried8TimesThenLoggedAsFailedAndTheCheckinGoesOn() {
    doThrow(StepFailures.outage("Slack chat.postMessage answered HTTP 503")).when(h.usageDrop).notifyCsm(anyString(), any());
    UsageDropAlert alert = alert(35, policy(Set.of(CheckinPolicy.SLACK_NOTIFY, CheckinPolicy.CREATE_TASK), ApprovalPolicy.DEFAULT));
    h.start(alert);

    CheckinState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    verify(h.usageDrop, times(8)).notifyCsm(KEY + "/notify-csm", alert);
    verify(h.tasks, times(1)).createTask(any());
    assertThat(StepFailures.of(h.activityLog, "notify-csm").reason()).isEqualTo("Slack chat.postMessage answered HTTP 503");
    assertThat(loggedActions()).containsExactly("cooldown_ended");
  }

  // ---------------------------------------------------------------- Temporal's limits

  @Test
  void givenA400CharacterCustomerName_everySummaryFitsTemporalsLimitAndTheCheckinRunsToTheEnd() {
    String name = "Northwind " + "N".repeat(390);
    h.start(named(name, alert(80)));
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);

    CheckinState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.approvalStatus()).isEqualTo("approved");
    List<Summaries.Summary> summaries = Summaries.of(h.client.fetchHistory(WORKFLOW_ID));
    assertThat(summaries).hasSizeGreaterThan(8)
        .allSatisfy(s -> assertThat(s.payloadBytes()).as(s.text()).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES));
    assertThat(summaries).anySatisfy(s -> assertThat(s.text()).startsWith("Draft check-in email to Northwind NNN").endsWith("…"));
  }

  // ---------------------------------------------------------------- helpers

  private NewTask createdTask() {
    ArgumentCaptor<NewTask> task = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks, times(1)).createTask(task.capture());
    return task.getValue();
  }

  private List<LogEntry> loggedEntries() {
    ArgumentCaptor<LogEntry> entries = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, atLeast(0)).log(entries.capture());
    return entries.getAllValues();
  }

  private List<String> loggedActions() {
    return loggedEntries().stream().map(LogEntry::action).toList();
  }

  private LogEntry loggedEntry(String action) {
    List<LogEntry> matching = loggedEntries().stream().filter(e -> e.action().equals(action)).toList();
    assertThat(matching).as("log entries with action %s", action).hasSize(1);
    return matching.get(0);
  }

  private List<ApproveDraft> signalsNamed(String signalName) {
    return h.client.fetchHistory(WORKFLOW_ID).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
        .filter(s -> s.getSignalName().equals(signalName))
        .map(WorkflowExecutionSignaledEventAttributes::getInput)
        .map(input -> GlobalDataConverter.get().fromPayloads(0, Optional.of(input), ApproveDraft.class, ApproveDraft.class))
        .toList();
  }
}
