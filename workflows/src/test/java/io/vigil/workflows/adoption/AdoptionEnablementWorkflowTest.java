package io.vigil.workflows.adoption;

import static io.vigil.workflows.adoption.AdoptionHarness.APPROVAL_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.AS_OF;
import static io.vigil.workflows.adoption.AdoptionHarness.CSM_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.CUSTOMER_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.KEY;
import static io.vigil.workflows.adoption.AdoptionHarness.WORKFLOW_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.alert;
import static io.vigil.workflows.adoption.AdoptionHarness.detection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.StepFailure;
import io.vigil.workflows.testing.StepFailures;
import io.vigil.workflows.testing.Decisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * The adoption enablement against a time-skipping test server, every activity mocked: the 14-day
 * follow-up is a workflow timer, skipped here, and measured from the workflow's recorded times.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AdoptionEnablementWorkflowTest {
  /** Activities run in wall-clock milliseconds; this bounds how late a step may be after its due time. */
  private static final Duration SLACK = Duration.ofMinutes(1);
  private static final long ASYNC_MS = 5_000;

  private AdoptionHarness h;

  @BeforeEach
  void startTestServer() {
    h = new AdoptionHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  @Test
  void givenAStalledFeature_itRecordsAnalysesNotifiesCreatesA72HourTaskAndHoldsTheEmailForApproval() {
    AdoptionAlert alert = alert();
    h.start(alert);
    AdoptionState waiting = h.awaitStage("waiting for approval by Robin Csm");
    Instant startedAt = h.startedAt();

    assertThat(h.callNames()).containsExactly("recordRiskSignal", "recordDetection", "analyzeGaps", "notifyCsm",
        "createTask", "suggestMeetingSlots", "draftEnablementEmail");
    verify(h.adoption).recordRiskSignal(KEY + "/risk-signal", alert);
    verify(h.adoption).recordDetection(KEY + "/trigger-event", alert, TriggerOutcome.FIRED,
        "Adoption stalled: Advanced Analytics (score 15/100, day 45)");
    verify(h.adoption).analyzeGaps(KEY + "/gap-analysis", alert);
    verify(h.adoption).notifyCsm(eq(KEY + "/notify-csm"), eq(alert), eq(List.of(new FeatureGap("analytics", 2, 12,
        "2026-02-10", "2 of 12 active users tried it; last used 2026-02-10. No support ticket data."))));
    verify(h.meetingSlots).suggestMeetingSlots(CUSTOMER_ID);
    verify(h.adoption).draftEnablementEmail(KEY + "/draft", alert, AdoptionHarness.SLOTS);

    NewTask task = onlyTask();
    assertThat(task.idempotencyKey()).isEqualTo(KEY + "/task");
    assertThat(task.title()).isEqualTo("Enable TechCorp on Advanced Analytics");
    assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
    assertThat(task.assigneeId()).isEqualTo(CSM_ID);
    assertThat(task.customerId()).isEqualTo(CUSTOMER_ID);
    assertThat(task.workflowId()).isEqualTo(WORKFLOW_ID);
    assertThat(task.dueAt()).isBetween(startedAt.plus(Duration.ofHours(72)), startedAt.plus(Duration.ofHours(72)).plus(SLACK));

    assertThat(waiting.approvalId()).isEqualTo(APPROVAL_ID);
    assertThat(waiting.approvalStatus()).isEqualTo("pending");
    assertThat(waiting.severity()).isEqualTo("high");
    assertThat(waiting.interventionRecorded()).isFalse();
  }

  @Test
  void givenApproval_itSendsTheEmailRecordsTheInterventionAndMeasuresAdoption14DaysAfterSending() {
    AdoptionAlert alert = alert();
    h.start(alert);
    h.awaitStage("waiting for approval");
    h.env.sleep(Duration.ofHours(30));
    h.approve(APPROVAL_ID);
    AdoptionState following = h.awaitStage("following up on");
    assertThat(following.interventionRecorded()).isTrue();
    Instant sentAt = h.onlyCallTime("sendApprovedDraft");

    AdoptionState done = h.result();

    verify(h.approvals).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.adoption).recordInterventions(KEY + "/intervention", alert, "email", APPROVAL_ID);
    verify(h.adoption).measureFollowUp(KEY + "/follow-up", alert);
    assertThat(h.onlyCallTime("measureFollowUp")).isBetween(sentAt.plus(Duration.ofDays(14)), sentAt.plus(Duration.ofDays(14)).plus(SLACK));
    assertThat(done.followUpAt()).isBetween(sentAt, sentAt.plus(Duration.ofDays(14)).plus(SLACK));
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(done.changes()).singleElement().satisfies(c -> {
      assertThat(c.change()).isEqualTo(20);
      assertThat(c.stageNow()).isEqualTo("engaged");
    });
    assertThat(done.stage()).isEqualTo("done");
    verify(h.tasks, times(1)).createTask(any());
  }

  @Test
  void givenApprovalByUpdate_itAnswersApprovedSendsOnceRecordsTheInterventionAndRefusesASecondDecision() {
    AdoptionAlert alert = alert();
    h.start(alert);
    h.awaitStage("waiting for approval");
    DraftDecision decision = Decisions.approvalWithEdits(APPROVAL_ID, CSM_ID, "Getting more from Advanced Analytics", null);

    DecisionResult answer = h.decide(decision);
    AdoptionState following = h.awaitStage("following up on");
    DecisionRefusal second = Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.rejection(APPROVAL_ID, CSM_ID, "oops"));
    AdoptionState done = h.result();

    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    assertThat(second.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(following.interventionRecorded()).isTrue();
    assertThat(h.callNames()).containsSubsequence("recordDecision", "sendApprovedDraft", "recordInterventions");
    verify(h.approvals, times(1)).recordDecision(decision);
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.adoption, times(1)).recordInterventions(KEY + "/intervention", alert, "email", APPROVAL_ID);
    assertThat(done.approvalStatus()).isEqualTo("approved");
  }

  @Test
  void givenTheLegacySignalByName_itStillApprovesAndSendsWithoutRecordingTheDecisionAgain() {
    h.start(alert());
    h.awaitStage("waiting for approval");

    h.approve(APPROVAL_ID);
    AdoptionState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.approvals, never()).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
  }

  @Test
  void givenTheEnablementRunning_itStaysOpenUntilTheFollowUpTimerFires() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);
    h.awaitStage("following up on");

    h.env.sleep(Duration.ofDays(13));

    assertThat(WorkflowStub.fromTyped(h.running()).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    verify(h.adoption, never()).measureFollowUp(anyString(), any());
    assertThat(h.result().stage()).isEqualTo("done");
    verify(h.adoption, times(1)).measureFollowUp(anyString(), any());
  }

  @Test
  void givenARejection_itRecordsNoInterventionAndFollowsUp14DaysAfterTheAlert() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();
    h.reject(APPROVAL_ID, "they are migrating this quarter");

    AdoptionState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("rejected");
    assertThat(done.interventionRecorded()).isFalse();
    verify(h.adoption, never()).recordInterventions(anyString(), any(), anyString(), anyString());
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(h.onlyCallTime("measureFollowUp"))
        .isBetween(startedAt.plus(Duration.ofDays(14)), startedAt.plus(Duration.ofDays(14)).plus(SLACK));
  }

  @Test
  void givenNoDecision_theDraftIsRemindedAndExpiresAndTheFollowUpStillComes14DaysAfterTheAlert() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();

    AdoptionState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("expired");
    assertThat(h.onlyCallTime("remindApprover"))
        .isBetween(startedAt.plus(Duration.ofHours(24)), startedAt.plus(Duration.ofHours(24)).plus(SLACK));
    assertThat(h.onlyCallTime("expireApproval"))
        .isBetween(startedAt.plus(Duration.ofDays(7)), startedAt.plus(Duration.ofDays(7)).plus(SLACK));
    assertThat(h.onlyCallTime("measureFollowUp"))
        .isBetween(startedAt.plus(Duration.ofDays(14)), startedAt.plus(Duration.ofDays(14)).plus(SLACK));
    verify(h.adoption, never()).recordInterventions(anyString(), any(), anyString(), anyString());
  }

  @Test
  void givenFeaturesStillStalledAtTheFollowUp_itCreatesALowPriorityCheckTask() {
    h.answerFollowUpWith(true);
    h.start(alert());
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);

    AdoptionState done = h.result();

    Instant measuredAt = h.onlyCallTime("measureFollowUp");
    ArgumentCaptor<NewTask> tasks = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks, times(2)).createTask(tasks.capture());
    NewTask check = tasks.getAllValues().get(1);
    assertThat(check.idempotencyKey()).isEqualTo(KEY + "/follow-up-task");
    assertThat(check.title()).isEqualTo("Check Advanced Analytics adoption for TechCorp");
    assertThat(check.priority()).isEqualTo(TaskPriority.LOW);
    assertThat(check.dueAt()).isBetween(measuredAt.plus(Duration.ofHours(72)), measuredAt.plus(Duration.ofHours(72)).plus(SLACK));
    assertThat(done.changes()).singleElement().satisfies(c -> assertThat(c.stillStalled()).isTrue());
  }

  @Test
  void givenADetectionWhileTheEnablementRuns_itIsRecordedAsSuppressedAndNothingRunsTwice() {
    h.start(alert());
    h.awaitStage("waiting for approval");
    AdoptionAlert again = detection(AS_OF.plusDays(2));

    h.running().reportDetection(again);

    verify(h.adoption, timeout(ASYNC_MS)).recordDetection(eq(WORKFLOW_ID + "@" + AS_OF.plusDays(2) + "/suppressed"),
        eq(again), eq(TriggerOutcome.SUPPRESSED), contains("still running"));
    assertThat(h.awaitState("one suppressed detection", s -> s.suppressedDetections() == 1).approvalStatus()).isEqualTo("pending");
    h.approve(APPROVAL_ID);
    AdoptionState done = h.result();
    assertThat(done.suppressedDetections()).isEqualTo(1);
    verify(h.adoption, times(1)).recordRiskSignal(anyString(), any());
    verify(h.adoption, times(1)).notifyCsm(anyString(), any(), any());
    verify(h.adoption, times(1)).draftEnablementEmail(anyString(), any(), any());
  }

  private NewTask onlyTask() {
    ArgumentCaptor<NewTask> task = ArgumentCaptor.forClass(NewTask.class);
    verify(h.tasks, times(1)).createTask(task.capture());
    return task.getValue();
  }

  // ---------------------------------------------------------------- failing providers

  @Test
  void givenSlackAndGmailRefusingTheCsmsDmForGood_theEnablementStillCreatesItsTaskAndDraftAndRunsToItsFollowUp() {
    doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
        .when(h.adoption).notifyCsm(anyString(), any(), anyList());
    AdoptionAlert alert = alert();
    h.start(alert);
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);

    AdoptionState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    verify(h.tasks, times(1)).createTask(any());
    verify(h.adoption).recordInterventions(KEY + "/intervention", alert, "email", APPROVAL_ID);
    verify(h.adoption).measureFollowUp(KEY + "/follow-up", alert);
    StepFailure notify = StepFailures.of(h.activityLog, "notify-csm");
    assertThat(notify.key()).isEqualTo(KEY + "/notify-csm");
    assertThat(notify.customerIds()).containsExactly(CUSTOMER_ID);
    assertThat(notify.reason()).isEqualTo("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403");
  }

  @Test
  void givenCalendarDownThroughEveryAttempt_theEnablementDraftGoesWithoutMeetingTimesAndTheSkipIsLogged() {
    doThrow(StepFailures.outage("Google freebusy.query failed with HTTP 503"))
        .when(h.meetingSlots).suggestMeetingSlots(anyString());
    AdoptionAlert alert = alert();
    h.start(alert);
    h.reject(APPROVAL_ID, "not now");

    AdoptionState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    verify(h.meetingSlots, times(5)).suggestMeetingSlots(CUSTOMER_ID);
    verify(h.adoption, times(1)).draftEnablementEmail(KEY + "/draft", alert, List.of());
    assertThat(StepFailures.of(h.activityLog, "meeting-slots").reason()).isEqualTo("Google freebusy.query failed with HTTP 503");
  }

  @Test
  void givenGmailRefusingTheApprovedEmail_noInterventionIsRecordedAndAdoptionIsMeasured14DaysAfterTheAlert() {
    doThrow(StepFailures.permanent("Google messages.send failed with HTTP 403: Delegation denied"))
        .when(h.approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    AdoptionAlert alert = alert();
    h.start(alert);
    h.awaitStage("waiting for approval");
    Instant startedAt = h.startedAt();
    h.approve(APPROVAL_ID);

    AdoptionState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("failed");
    assertThat(done.interventionRecorded()).isFalse();
    verify(h.adoption, never()).recordInterventions(anyString(), any(), anyString(), anyString());
    verify(h.approvals, times(1)).reportSendFailure(KEY + "/send-failed", APPROVAL_ID,
        "Google messages.send failed with HTTP 403: Delegation denied");
    assertThat(h.onlyCallTime("measureFollowUp"))
        .isBetween(startedAt.plus(Duration.ofDays(14)), startedAt.plus(Duration.ofDays(14)).plus(SLACK));
  }
}
