package io.vigil.workflows.usagedrop;

import static io.vigil.workflows.testing.Decisions.approval;
import static io.vigil.workflows.testing.Decisions.approvalWithEdits;
import static io.vigil.workflows.testing.Decisions.rejection;
import static io.vigil.workflows.usagedrop.CheckinHarness.APPROVAL_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.CSM_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.KEY;
import static io.vigil.workflows.usagedrop.CheckinHarness.WORKFLOW_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.alert;
import static io.vigil.workflows.usagedrop.CheckinHarness.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.common.DecisionRefusal;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.RecordedDecision;
import io.vigil.workflows.testing.Decisions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * A person's decision on the check-in's draft as the {@code decideDraft} Workflow Update: what the
 * validator refuses, what the handler records, and how it meets the expiry and a dying worker. The
 * gate is shared by every playbook; the check-in is the one that drives it here.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CheckinDraftDecisionTest {
  /**
   * A draft that expires after a few seconds of wall time and is never reminded of: while an
   * activity runs the test server's clock cannot skip, so an expiry that must fire during one is
   * short.
   */
  private static final ApprovalPolicy EXPIRES_IN_SECONDS = new ApprovalPolicy(Duration.ofSeconds(3), Duration.ofSeconds(3), false);
  private static final long LATCH_SECONDS = 10;

  private CheckinHarness h;

  @AfterEach
  void stopTestServer() {
    if (h != null) {
      h.close();
    }
  }

  private CheckinHarness startedAndWaiting(UsageDropAlert alert) {
    return startedAndWaiting(new CheckinHarness(), alert);
  }

  private CheckinHarness startedAndWaiting(CheckinHarness harness, UsageDropAlert alert) {
    h = harness;
    h.start(alert);
    h.awaitStage("waiting for approval");
    return h;
  }

  // ---------------------------------------------------------------- accepted

  @Test
  void givenAPendingDraft_whenApprovedByUpdate_itRecordsTheDecisionAndItsEditsAnswersApprovedAndSendsOnce() {
    startedAndWaiting(alert(35));
    DraftDecision decision = approvalWithEdits(APPROVAL_ID, CSM_ID, "Checking in on your rollout", "Hi Sam, …");

    DecisionResult answer = h.decide(decision);
    CheckinState done = h.result();

    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    InOrder order = inOrder(h.approvals);
    order.verify(h.approvals).recordDecision(decision);
    order.verify(h.approvals).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, times(1)).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.approvals, never()).expireApproval(anyString());
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(done.stage()).isEqualTo("done");
  }

  @Test
  void givenAPendingDraft_whenRejectedByUpdate_itAnswersRejectedSendsNothingAndLogsWhoRejectedItAndWhy() {
    startedAndWaiting(alert(35));

    DecisionResult answer = h.decide(rejection(APPROVAL_ID, CSM_ID, "already spoke to them today"));
    CheckinState done = h.result();

    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "rejected"));
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("rejected");
    assertThat(loggedEntry("approval_rejected").details())
        .isEqualTo(Map.of("approvalId", APPROVAL_ID, "rejectedBy", CSM_ID, "reason", "already spoke to them today"));
  }

  /**
   * The draft is in the approvals queue as soon as it is written, while the step adding its buttons
   * to the CSM's DM may still be retrying through a Slack outage: a decision taken then is accepted
   * and recorded at once, and the email goes once the step is over. Before, the update was refused
   * as an unknown approval and the API answered 409 to a pending draft.
   */
  @Test
  void givenTheDmButtonsStepStillRunning_anApprovalIsAcceptedRecordedAndTheDraftSentOnceAfterTheStep() throws Exception {
    h = new CheckinHarness();
    CountDownLatch offering = new CountDownLatch(1);
    CountDownLatch slackBack = new CountDownLatch(1);
    doAnswer(invocation -> {
          offering.countDown();
          assertThat(slackBack.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
          return "1764000000.000300";
        })
        .when(h.approvals).offerDraftInDm(anyString(), anyString(), anyString());
    h.start(alert(35));
    assertThat(offering.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();

    DecisionResult answer = h.decide(approval(APPROVAL_ID, CSM_ID));
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    slackBack.countDown();
    CheckinState done = h.result();

    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    InOrder order = inOrder(h.approvals);
    order.verify(h.approvals).offerDraftInDm(KEY + "/draft-buttons", KEY + "/notify-csm", APPROVAL_ID);
    order.verify(h.approvals).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, times(1)).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.approvals, never()).remindApprover(anyString(), anyString());
    assertThat(done.approvalStatus()).isEqualTo("approved");
  }

  // ---------------------------------------------------------------- refused

  @Test
  void givenAnApprovedDraft_aSecondApprovalIsRefusedAsAlreadyApprovedAndNothingIsRecordedOrSentTwice() {
    startedAndWaiting(alert(35));
    h.decide(approval(APPROVAL_ID, CSM_ID));

    DecisionRefusal refused = h.refusalOf(approval(APPROVAL_ID, "csm-other"));
    CheckinState done = h.result();

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).isEqualTo("approval " + APPROVAL_ID + " is already approved by " + CSM_ID);
    verify(h.approvals, times(1)).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("approved");
  }

  @Test
  void givenARejectedDraft_aLaterApprovalIsRefusedAsAlreadyRejectedAndNothingIsSent() {
    startedAndWaiting(alert(35));
    h.decide(rejection(APPROVAL_ID, CSM_ID, "not now"));

    DecisionRefusal refused = h.refusalOf(approval(APPROVAL_ID, CSM_ID));
    CheckinState done = h.result();

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).isEqualTo("approval " + APPROVAL_ID + " is already rejected by " + CSM_ID);
    verify(h.approvals, times(1)).recordDecision(any());
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(done.approvalStatus()).isEqualTo("rejected");
  }

  /**
   * The first decision's write runs as a local activity inside the workflow task that accepted it
   * (ApprovalGate.DECISION_RECORDED_LOCALLY), so a second decision the server admits meanwhile is
   * held until that task completes and then meets the recorded decision. Before, it met the claim
   * ("already being approved by"); the claim still refuses a decision that arrives while a write
   * outlasts the workflow task's heartbeat, and still holds back the expiry (the test below).
   */
  @Test
  void givenADecisionStillBeingRecorded_aSecondOneArrivingMeanwhileIsRefusedAndOnlyTheFirstIsRecordedAndSent() throws Exception {
    h = new CheckinHarness();
    CountDownLatch recording = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doAnswer(invocation -> {
          recording.countDown();
          assertThat(release.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
          return Decisions.recorded(invocation.getArgument(0));
        })
        .when(h.approvals).recordDecision(any());
    startedAndWaiting(h, alert(35));
    DraftDecision first = approval(APPROVAL_ID, CSM_ID);
    DraftDecision second = rejection(APPROVAL_ID, "csm-other", "too late");

    CompletableFuture<DecisionResult> firstUpdate = CompletableFuture.supplyAsync(() -> h.decide(first));
    assertThat(recording.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Throwable> secondUpdate = CompletableFuture.supplyAsync(() -> catchThrowable(() -> h.decide(second)));
    // Neither the SDK's client nor the test server offers the ADMITTED stage to know when the second
    // request has reached the server: it is given a second of wall time, and must still be unanswered.
    Thread.sleep(1_000);
    assertThat(secondUpdate).as("the second decision, held while the first is written").isNotDone();
    release.countDown();
    DecisionRefusal refused = Decisions.refusal(secondUpdate.get(LATCH_SECONDS, TimeUnit.SECONDS));

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).isEqualTo("approval " + APPROVAL_ID + " is already approved by " + CSM_ID);
    assertThat(firstUpdate.get(LATCH_SECONDS, TimeUnit.SECONDS)).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    assertThat(h.result().approvalStatus()).isEqualTo("approved");
    verify(h.approvals, times(1)).recordDecision(first);
    verify(h.approvals, never()).recordDecision(second);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
  }

  @Test
  void givenAnApprovalIdTheWorkflowDoesNotHold_theUpdateIsRefusedAsUnknownAndTheRightDraftStillWaits() {
    startedAndWaiting(alert(35));

    DecisionRefusal refused = h.refusalOf(approval("approval-999", CSM_ID));

    assertThat(refused.type()).isEqualTo(HoldsDrafts.UNKNOWN_APPROVAL);
    verify(h.approvals, never()).recordDecision(any());
    assertThat(h.state().approvalStatus()).isEqualTo("pending");
    h.decide(approval(APPROVAL_ID, CSM_ID));
    assertThat(h.result().approvalStatus()).isEqualTo("approved");
    verify(h.approvals, never()).sendApprovedDraft(anyString(), eq("approval-999"), anyBoolean());
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
  }

  @Test
  void givenADecisionWithoutWhoDecided_theUpdateIsRefusedAsInvalidAndNothingIsRecorded() {
    startedAndWaiting(alert(35));

    DecisionRefusal refused = h.refusalOf(new DraftDecision(APPROVAL_ID, DraftDecision.Verdict.APPROVE, " ", null, null, null, null));

    assertThat(refused.type()).isEqualTo(HoldsDrafts.INVALID_DECISION);
    verify(h.approvals, never()).recordDecision(any());
    assertThat(h.state().approvalStatus()).isEqualTo("pending");
  }

  // ---------------------------------------------------------------- legacy signals

  @Test
  void givenADraftApprovedByTheLegacySignal_itIsSentAndAnUpdateOnItIsRefusedAsAlreadyApproved() {
    startedAndWaiting(alert(35));

    h.approve(APPROVAL_ID);
    h.awaitStage("cooling down");
    DecisionRefusal refused = h.refusalOf(rejection(APPROVAL_ID, "csm-other", "changed my mind"));

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).contains("already approved by " + CSM_ID);
    assertThat(h.result().approvalStatus()).isEqualTo("approved");
    verify(h.approvals, never()).recordDecision(any());
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
  }

  @Test
  void givenALegacyApprovalThatWonTheDatabase_aRejectionByUpdateIsRefusedAndTheLegacySignalStillSends() {
    h = new CheckinHarness();
    doAnswer(invocation -> new RecordedDecision("approved", "csm-legacy")).when(h.approvals).recordDecision(any());
    startedAndWaiting(h, alert(35));

    DecisionRefusal refused = h.refusalOf(rejection(APPROVAL_ID, "csm-other", "not now"));
    DecisionRefusal refusedAgain = h.refusalOf(rejection(APPROVAL_ID, "csm-other", "not now"));
    h.approve(APPROVAL_ID);
    CheckinState done = h.result();

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).isEqualTo("approval " + APPROVAL_ID + " is already approved by csm-legacy");
    assertThat(refusedAgain.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    verify(h.approvals, times(1)).recordDecision(any()); // the second one never reached the database
    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
  }

  @Test
  void givenTheSameVerdictByAnotherPersonAlreadyInTheDatabase_theApprovalIsRefusedAsThatPersonsAndTheirSignalSends() {
    h = new CheckinHarness();
    doAnswer(invocation -> new RecordedDecision("approved", "csm-legacy")).when(h.approvals).recordDecision(any());
    startedAndWaiting(h, alert(35));

    DecisionRefusal refused = h.refusalOf(approvalWithEdits(APPROVAL_ID, CSM_ID, "My subject", null));
    h.running().approveDraft(new ApproveDraft(APPROVAL_ID, "csm-legacy", null, null));
    CheckinState done = h.result();

    assertThat(refused.type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
    assertThat(refused.message()).isEqualTo("approval " + APPROVAL_ID + " is already approved by csm-legacy");
    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
  }

  // ---------------------------------------------------------------- expiry

  @Test
  void givenTheExpiryUnderWay_aDecisionArrivingThenIsRefusedAsExpiredAndNothingIsSent() throws Exception {
    h = new CheckinHarness();
    CountDownLatch expiring = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doAnswer(invocation -> {
          expiring.countDown();
          assertThat(release.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
          return "expired";
        })
        .when(h.approvals).expireApproval(anyString());
    startedAndWaiting(h, alert(35, policy(CheckinPolicy.ALL_ACTIONS, EXPIRES_IN_SECONDS)));

    assertThat(expiring.await(LATCH_SECONDS, TimeUnit.SECONDS)).isTrue();
    DecisionRefusal whileExpiring = h.refusalOf(approval(APPROVAL_ID, CSM_ID));
    release.countDown();
    h.awaitStage("cooling down");
    DecisionRefusal afterExpiry = h.refusalOf(approval(APPROVAL_ID, CSM_ID));
    CheckinState done = h.result();

    assertThat(whileExpiring.type()).isEqualTo(HoldsDrafts.EXPIRED);
    assertThat(afterExpiry.type()).isEqualTo(HoldsDrafts.EXPIRED);
    assertThat(done.approvalStatus()).isEqualTo("expired");
    verify(h.approvals, never()).recordDecision(any());
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(loggedActions()).contains("approval_expired");
  }

  @Test
  void givenADecisionBeingRecordedWhenTheExpiryTimerFires_theDecisionWinsTheAnswerIsApprovedAndTheDraftIsSentNotExpired() {
    h = new CheckinHarness();
    h.answerRecordDecisionOnceTheApprovalTimerHasFired();
    startedAndWaiting(h, alert(35, policy(CheckinPolicy.ALL_ACTIONS, EXPIRES_IN_SECONDS)));

    DecisionResult answer = h.decide(approval(APPROVAL_ID, CSM_ID));
    CheckinState done = h.result();

    // the race really happened: the timer fired after the update was accepted and before the decision's
    // local activity answered (the write outlasted a workflow task's heartbeat, which delivered the timer)
    List<HistoryEvent> events = h.client.fetchHistory(WORKFLOW_ID).getEvents();
    long timerFired = eventId(events, EventType.EVENT_TYPE_TIMER_FIRED);
    assertThat(eventId(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).isLessThan(timerFired);
    assertThat(timerFired).isLessThan(localActivityMarkers(events, "RecordDecision").get(0).getEventId());
    assertThat(answer.status()).isEqualTo("approved");
    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.approvals, never()).expireApproval(anyString());
    verify(h.approvals, times(1)).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    assertThat(loggedActions()).doesNotContain("approval_expired");
  }

  @Test
  void givenADraftExpiredInTheDatabaseMeanwhile_theDecisionIsRefusedAsExpiredAndTheWorkflowExpiresItWithoutSending() {
    h = new CheckinHarness();
    doAnswer(invocation -> new RecordedDecision("expired", null)).when(h.approvals).recordDecision(any());
    startedAndWaiting(h, alert(35));

    DecisionRefusal refused = h.refusalOf(approval(APPROVAL_ID, CSM_ID));
    DecisionRefusal refusedAgain = h.refusalOf(approval(APPROVAL_ID, CSM_ID));
    CheckinState done = h.result();

    assertThat(refused.type()).isEqualTo(HoldsDrafts.EXPIRED);
    assertThat(refusedAgain.type()).isEqualTo(HoldsDrafts.EXPIRED);
    verify(h.approvals, times(1)).recordDecision(any());
    assertThat(done.approvalStatus()).isEqualTo("expired");
    verify(h.approvals, times(1)).expireApproval(APPROVAL_ID);
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
  }

  /**
   * The update's write went through but its acceptance was lost with a restarting server (the gap
   * DECISION_RECORDED_LOCALLY opens): the row says approved by the CSM, no decision reaches the
   * workflow. At expiry, once the grace for a legacy signal has run out, the workflow takes the row's
   * approval as its own (ApprovalGate.DECISION_TAKEN_FROM_ROW) and sends once, keyed as any approval.
   */
  @Test
  void givenTheRowApprovedButTheDecisionNeverReachingTheWorkflow_atExpiryItTakesTheRowsApprovalAndSendsOnce() {
    h = new CheckinHarness();
    h.rowDecidedWithoutTheWorkflow("approved", CSM_ID);
    startedAndWaiting(h, alert(35));

    CheckinState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("approved");
    InOrder order = inOrder(h.approvals);
    order.verify(h.approvals).expireApproval(APPROVAL_ID);
    order.verify(h.approvals).readDecision(APPROVAL_ID);
    order.verify(h.approvals).sendApprovedDraft(KEY + "/send-approved", APPROVAL_ID, false);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    verify(h.approvals, never()).recordDecision(any());
    assertThat(loggedActions()).doesNotContain("approval_expired");
    Instant expiredAt = h.onlyCallTime("expireApproval");
    assertThat(h.onlyCallTime("readDecision")).isAfterOrEqualTo(expiredAt.plus(Duration.ofMinutes(10)));
    assertThat(h.onlyCallTime("sendApprovedDraft")).isAfterOrEqualTo(h.onlyCallTime("readDecision"));
  }

  @Test
  void givenTheRowRejectedButTheDecisionNeverReachingTheWorkflow_atExpiryItEndsRejectedByThatPersonAndSendsNothing() {
    h = new CheckinHarness();
    h.rowDecidedWithoutTheWorkflow("rejected", CSM_ID);
    startedAndWaiting(h, alert(35));

    CheckinState done = h.result();

    assertThat(done.approvalStatus()).isEqualTo("rejected");
    verify(h.approvals, times(1)).readDecision(APPROVAL_ID);
    verify(h.approvals, never()).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(loggedEntry("approval_rejected").details()).containsEntry("rejectedBy", CSM_ID);
    assertThat(loggedActions()).doesNotContain("approval_expired");
  }

  // ---------------------------------------------------------------- failures after acceptance

  @Test
  void givenTheSendFailingItsFirstAttemptAfterAnAcceptedApproval_itIsRetriedAndDeliveredExactlyOnce() {
    h = new CheckinHarness();
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger delivered = new AtomicInteger();
    doAnswer(invocation -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("connection reset while talking to Gmail");
          }
          delivered.incrementAndGet();
          return new Delivery(34, "email", "sent", "gmail-1");
        })
        .when(h.approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    startedAndWaiting(h, alert(35));

    DecisionResult answer = h.decide(approval(APPROVAL_ID, CSM_ID));
    CheckinState done = h.result();

    assertThat(answer.status()).isEqualTo("approved");
    assertThat(done.approvalStatus()).isEqualTo("approved");
    assertThat(attempts).hasValue(2);
    assertThat(delivered).hasValue(1);
    assertThat(scheduled("SendApprovedDraft")).isEqualTo(1);
    verify(h.approvals, times(1)).recordDecision(any());
  }

  /**
   * The worker dies after the decision is written and before its workflow task completes: the local
   * activity's answer dies with the task (no marker was recorded), so the fresh replay writes the same
   * decision again. recordDecision is keyed by the approval id and answers a row that already holds
   * this verdict by this person without writing or logging again (RecordDecisionTest in activities),
   * which {@link ApprovalRow} plays here: one write, one send.
   */
  @Test
  void givenTheWorkerDyingBetweenTheRecordedDecisionAndTheSend_aFreshReplayRecordsItOnceMoreIdempotentlyAndSendsExactlyOnce() {
    h = new CheckinHarness(DyingAfterDecisionCheckinWorkflowImpl.class, WorkflowImplementationOptions.getDefaultInstance());
    ApprovalRow row = new ApprovalRow();
    doAnswer(invocation -> row.decide(invocation.getArgument(0))).when(h.approvals).recordDecision(any());
    DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT.set(1);
    startedAndWaiting(h, alert(35));
    DraftDecision decision = approval(APPROVAL_ID, CSM_ID);

    DecisionResult answer = h.decide(decision);
    CheckinState done = h.result();

    assertThat(DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT).hasValue(0);
    List<HistoryEvent> events = h.client.fetchHistory(WORKFLOW_ID).getEvents();
    assertThat(events).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).hasSize(1);
    assertThat(answer).isEqualTo(new DecisionResult(APPROVAL_ID, "approved"));
    assertThat(done.approvalStatus()).isEqualTo("approved");
    verify(h.approvals, times(2)).recordDecision(decision); // the same decision, the same approval id: its key
    assertThat(row.writes()).isEqualTo(1);
    assertThat(localActivityMarkers(events, "RecordDecision")).hasSize(1);
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    assertThat(scheduled("SendApprovedDraft")).isEqualTo(1);
  }

  /**
   * The approval row as recordDecision leaves it: a pending row takes the first decision (one write);
   * a decided row is answered as it stands. The real write and its activity-log line are tested in
   * RecordDecisionTest (activities module).
   */
  private static final class ApprovalRow {
    private RecordedDecision held;
    private int writes;

    synchronized RecordedDecision decide(DraftDecision decision) {
      if (held == null) {
        held = Decisions.recorded(decision);
        writes++;
      }
      return held;
    }

    synchronized int writes() {
      return writes;
    }
  }

  // ---------------------------------------------------------------- the SDK's validator failures

  /**
   * Tripwire for sdk-java #2875: SDK 1.38.0 reports a validator's refusal under its own internal type
   * and keeps only the message, which is why refusals are read with {@link DecisionRefusal#of}. When
   * this fails after an SDK upgrade, the type arrives intact: the message prefix can go.
   */
  @Test
  void givenSdk1380_aValidatorsRefusalArrivesUnderTheSdksInternalTypeWithTheRealTypeLeadingItsMessage() {
    startedAndWaiting(alert(35));

    Throwable thrown = catchThrowable(() -> h.decide(approval("approval-999", CSM_ID)));

    ApplicationFailure raw = (ApplicationFailure) thrown.getCause();
    assertThat(raw.getType()).isEqualTo(DecisionRefusal.SDK_VALIDATOR_REJECTION);
    assertThat(raw.getOriginalMessage()).isEqualTo(HoldsDrafts.UNKNOWN_APPROVAL + ": this workflow holds no pending approval approval-999");
    assertThat(DecisionRefusal.of(thrown)).contains(
        new DecisionRefusal(HoldsDrafts.UNKNOWN_APPROVAL, "this workflow holds no pending approval approval-999"));
  }

  @Test
  void givenARefusalFromTheHandler_itsTypeArrivesIntact() {
    h = new CheckinHarness();
    doAnswer(invocation -> new RecordedDecision("expired", null)).when(h.approvals).recordDecision(any());
    startedAndWaiting(h, alert(35));

    Throwable thrown = catchThrowable(() -> h.decide(approval(APPROVAL_ID, CSM_ID)));

    assertThat(((ApplicationFailure) thrown.getCause()).getType()).isEqualTo(HoldsDrafts.EXPIRED);
    assertThat(DecisionRefusal.of(thrown)).contains(new DecisionRefusal(HoldsDrafts.EXPIRED, "approval " + APPROVAL_ID + " has expired"));
  }

  // ---------------------------------------------------------------- helpers

  private long scheduled(String activityType) {
    return h.client.fetchHistory(WORKFLOW_ID).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .count();
  }

  /** The id of the first event of {@code type}. */
  private static long eventId(List<HistoryEvent> events, EventType type) {
    return events.stream()
        .filter(e -> e.getEventType() == type)
        .mapToLong(HistoryEvent::getEventId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type));
  }

  /** The markers of local activities of {@code activityType}, in order. */
  private static List<HistoryEvent> localActivityMarkers(List<HistoryEvent> events, String activityType) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
        .filter(e -> "LocalActivity".equals(e.getMarkerRecordedEventAttributes().getMarkerName()))
        .filter(e -> activityType.equals(DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(0,
            Optional.of(e.getMarkerRecordedEventAttributes().getDetailsOrThrow("type")), String.class, String.class)))
        .toList();
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
}
