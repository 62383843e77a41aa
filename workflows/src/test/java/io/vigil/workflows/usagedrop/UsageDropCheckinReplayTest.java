package io.vigil.workflows.usagedrop;

import static io.vigil.workflows.usagedrop.CheckinHarness.APPROVAL_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.AS_OF;
import static io.vigil.workflows.usagedrop.CheckinHarness.CSM_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.WORKFLOW_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.alert;
import static io.vigil.workflows.usagedrop.CheckinHarness.detection;
import static io.vigil.workflows.usagedrop.CheckinHarness.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;

import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.RecordedDecision;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import io.vigil.workflows.testing.StepFailures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays the committed histories in {@code src/test/resources/histories/usage-drop/} against the
 * current {@link UsageDropCheckinWorkflowImpl}: a change that would break running check-ins fails
 * here.
 *
 * <p>To regenerate the histories (after an intended, versioned change to the workflow) run, from the
 * repository root:
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='UsageDropCheckinReplayTest*'
 * </pre>
 *
 * then run the module's tests once more (that run replays the new files) and commit the rewritten
 * JSON files. Without the property the {@link Recording} tests are skipped. A history that no longer
 * replays means running check-ins would break: version the change (Workflow.getVersion) rather than
 * just re-recording.
 *
 * <p>After a versioned change, record only the new scenarios ({@code -Dtest='UsageDropCheckinReplayTest$Recording#…'})
 * and keep the older files: they hold the paths that check-ins started before the change still take
 * (for instance, every history before "meeting-slots-step-approved" drafts with Calendar inside the
 * draft activity, before the meeting slots became a step of their own; every decision by update in a
 * history not named "decision-recorded-locally-…" is recorded by a regular activity, before
 * ApprovalGate.DECISION_RECORDED_LOCALLY: re-recording those would lose that path).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UsageDropCheckinReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "usage-drop";
  static final List<String> SCENARIOS =
      List.of("approved", "rejected", "expired-with-reminder", "approved-late-after-expiry", "critical-suppressed-during-cooldown",
          "approved-by-update", "rejected-by-update", "decision-in-flight-at-expiry", "update-refused-by-database-then-signalled",
          "worker-died-after-decision", "meeting-slots-step-approved", "providers-failing",
          "approved-send-failed", "resumed-in-cooldown", "draft-buttons-in-dm-approved",
          "decision-recorded-locally-approved", "decision-recorded-locally-in-flight-at-expiry",
          "decision-recorded-locally-worker-died", "decision-taken-from-row-at-expiry",
          "approved-while-dm-buttons-step-runs");

  UsageDropCheckinReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return UsageDropCheckinWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return SlackFirstCheckinWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    if (HistoryRecorder.scenario(history).startsWith("resumed-")) {
      // a run continued in its cooldown starts with the cooldown's timer: the Slack DM was scheduled there
      assertThat(failure).hasMessageContaining("EVENT_TYPE_TIMER_STARTED").hasMessageContaining("COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK");
    } else {
      // the Slack DM scheduled where the risk signal was recorded
      assertThat(failure).hasMessageContaining("NotifyCsm").hasMessageContaining("RecordRiskSignal");
    }
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    @Test
    void approved() {
      record("approved", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    @Test
    void rejected() {
      record("rejected", h -> {
        h.start(alert(60));
        h.awaitStage("waiting for approval");
        h.reject(APPROVAL_ID, "already spoke to them today");
        assertThat(h.result().approvalStatus()).isEqualTo("rejected");
      });
    }

    @Test
    void expiredWithReminder() {
      record("expired-with-reminder", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        assertThat(h.result().approvalStatus()).isEqualTo("expired");
        assertThat(h.callTimes("remindApprover")).hasSize(1);
      });
    }

    @Test
    void approvedLateAfterExpiry() {
      record("approved-late-after-expiry", h -> {
        h.answerExpireApprovalWith("approved");
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.env.sleep(Duration.ofDays(7).plusMinutes(2));
        h.awaitState("expiry attempted", s -> !h.callTimes("expireApproval").isEmpty());
        h.approve(APPROVAL_ID);
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    @Test
    void criticalSuppressedDuringCooldown() {
      record("critical-suppressed-during-cooldown", h -> {
        UsageDropAlert alert = alert(80);
        h.start(alert);
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        h.awaitStage("cooling down until");
        h.env.sleep(Duration.ofDays(3));
        h.running().reportDetection(detection(AS_OF.plusDays(3), 85, alert.policy()));
        h.awaitState("one suppressed detection", s -> s.suppressedDetections() == 1);
        assertThat(h.result().suppressedDetections()).isEqualTo(1);
      });
    }

    /** The run a check-in continued as new with when detections flooded its cooldown (only that run: the flood is megabytes). */
    @Test
    void resumedInCooldown() {
      record("resumed-in-cooldown", h -> {
        UsageDropAlert alert = alert(80);
        h.start(alert);
        h.awaitStage("waiting for approval");
        h.approve(APPROVAL_ID);
        h.awaitStage("cooling down until");
        for (int i = 0; i < 2_200; i++) {
          h.running().reportDetection(detection(AS_OF.plusDays(1 + i % 3), 85, alert.policy()));
        }
        h.awaitState("three suppressed detections", s -> s.suppressedDetections() == 3);
        h.running().reportDetection(detection(AS_OF.plusDays(4), 85, alert.policy()));
        assertThat(h.result().suppressedDetections()).isEqualTo(4);
        assertThat(h.client.fetchHistory(WORKFLOW_ID).getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
            .getInput().getPayloadsCount()).as("a continued run").isEqualTo(2);
      });
    }

    @Test
    void approvedByUpdate() {
      record("approved-by-update", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approvalWithEdits(APPROVAL_ID, CSM_ID, "Checking in on your rollout", "Hi Sam, …"));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    @Test
    void rejectedByUpdate() {
      record("rejected-by-update", h -> {
        h.start(alert(60));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.rejection(APPROVAL_ID, CSM_ID, "already spoke to them today"));
        assertThat(h.result().approvalStatus()).isEqualTo("rejected");
      });
    }

    /** The expiry timer fires while the approval is being written; the approval wins. */
    @Test
    void decisionInFlightAtExpiry() {
      record("decision-in-flight-at-expiry", h -> {
        h.answerRecordDecisionOnceTheApprovalTimerHasFired();
        h.start(alert(35, policy(CheckinPolicy.ALL_ACTIONS, new ApprovalPolicy(Duration.ofSeconds(3), Duration.ofSeconds(3), false))));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** A rejection accepted by the workflow but refused by the database (a legacy approval won), then that approval's signal. */
    @Test
    void updateRefusedByDatabaseThenSignalled() {
      record("update-refused-by-database-then-signalled", h -> {
        doAnswer(invocation -> new RecordedDecision("approved", "csm-legacy")).when(h.approvals).recordDecision(any());
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        assertThat(h.refusalOf(Decisions.rejection(APPROVAL_ID, "csm-other", "not now")).type()).isEqualTo(HoldsDrafts.ALREADY_DECIDED);
        h.approve(APPROVAL_ID);
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** The workflow task carrying the recorded approval fails once, as when its worker dies; a fresh replay sends. */
    @Test
    void workerDiedAfterDecision() {
      DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT.set(1);
      record("worker-died-after-decision",
          () -> new CheckinHarness(DyingAfterDecisionCheckinWorkflowImpl.class, WorkflowImplementationOptions.getDefaultInstance()),
          h -> {
            h.start(alert(35));
            h.awaitStage("waiting for approval");
            h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
            assertThat(h.result().approvalStatus()).isEqualTo("approved");
            assertThat(DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT).hasValue(0);
          });
    }

    /** Meeting slots as a step of their own (SuggestedSlots), then the draft approved. */
    @Test
    void meetingSlotsStepApproved() {
      record("meeting-slots-step-approved", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** Slack and Gmail refuse the DM, the urgent email and the reminder, Calendar the slots: each recorded, the check-in goes on. */
    @Test
    void providersFailing() {
      record("providers-failing", h -> {
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
            .when(h.usageDrop).notifyCsm(any(), any());
        doThrow(StepFailures.permanent("Google messages.send failed with HTTP 403")).when(h.usageDrop).emailCsmUrgently(any(), any());
        doThrow(StepFailures.permanent("Google freebusy.query failed with HTTP 403")).when(h.meetingSlots).suggestMeetingSlots(any());
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: account_inactive")).when(h.approvals).remindApprover(any(), any());
        h.start(alert(80));
        assertThat(h.result().approvalStatus()).isEqualTo("expired");
        assertThat(StepFailures.recorded(h.activityLog)).hasSize(4);
      });
    }

    /** The alert DM gains the draft's buttons once the draft exists (ApprovalGate.offerInDm), then the draft is approved. */
    @Test
    void draftButtonsInDmApproved() {
      record("draft-buttons-in-dm-approved", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** Gmail refuses the approved email: the approval is reported failed to its approver. */
    @Test
    void approvedSendFailed() {
      record("approved-send-failed", h -> {
        doThrow(StepFailures.permanent("Google messages.send failed with HTTP 400: Invalid To header"))
            .when(h.approvals).sendApprovedDraft(any(), any(), org.mockito.ArgumentMatchers.anyBoolean());
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("failed");
      });
    }

    /** Since decision-recorded-locally: the decision, with edits, recorded by a local activity in the task that accepted it. */
    @Test
    void decisionRecordedLocallyApproved() {
      record("decision-recorded-locally-approved", h -> {
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approvalWithEdits(APPROVAL_ID, CSM_ID, "Checking in on your rollout", "Hi Sam, …"));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** Since decision-recorded-locally: the expiry timer fires while the local activity writes (past a task heartbeat); the approval wins. */
    @Test
    void decisionRecordedLocallyInFlightAtExpiry() {
      record("decision-recorded-locally-in-flight-at-expiry", h -> {
        h.answerRecordDecisionOnceTheApprovalTimerHasFired();
        h.start(alert(35, policy(CheckinPolicy.ALL_ACTIONS, new ApprovalPolicy(Duration.ofSeconds(3), Duration.ofSeconds(3), false))));
        h.awaitStage("waiting for approval");
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** Since decision-recorded-locally: the task carrying the recorded decision fails once; the replay records it again and sends. */
    @Test
    void decisionRecordedLocallyWorkerDied() {
      DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT.set(1);
      record("decision-recorded-locally-worker-died",
          () -> new CheckinHarness(DyingAfterDecisionCheckinWorkflowImpl.class, WorkflowImplementationOptions.getDefaultInstance()),
          h -> {
            h.start(alert(35));
            h.awaitStage("waiting for approval");
            h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
            assertThat(h.result().approvalStatus()).isEqualTo("approved");
            assertThat(DyingAfterDecisionCheckinWorkflowImpl.DEATHS_LEFT).hasValue(0);
          });
    }

    /** Since decision-taken-from-row-at-expiry: the row approved, no decision reached the workflow; at expiry it takes the row's and sends. */
    @Test
    void decisionTakenFromRowAtExpiry() {
      record("decision-taken-from-row-at-expiry", h -> {
        h.rowDecidedWithoutTheWorkflow("approved", CSM_ID);
        h.start(alert(35));
        h.awaitStage("waiting for approval");
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    /** The approval accepted while the DM's buttons are still being added (ApprovalGate.offerInDm); sent after that step. */
    @Test
    void approvedWhileDmButtonsStepRuns() {
      record("approved-while-dm-buttons-step-runs", h -> {
        java.util.concurrent.CountDownLatch offering = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch slackBack = new java.util.concurrent.CountDownLatch(1);
        org.mockito.Mockito.doAnswer(invocation -> {
              offering.countDown();
              assertThat(slackBack.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
              return "1764000000.000300";
            })
            .when(h.approvals).offerDraftInDm(any(), any(), any());
        h.start(alert(35));
        try {
          assertThat(offering.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        h.decide(Decisions.approval(APPROVAL_ID, CSM_ID));
        slackBack.countDown();
        assertThat(h.result().approvalStatus()).isEqualTo("approved");
      });
    }

    private void record(String scenario, Consumer<CheckinHarness> run) {
      record(scenario, CheckinHarness::new, run);
    }

    private void record(String scenario, Supplier<CheckinHarness> harness, Consumer<CheckinHarness> run) {
      try (CheckinHarness h = harness.get()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
