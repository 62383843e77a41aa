package io.vigil.workflows.usagedrop;

import static io.vigil.workflows.usagedrop.CheckinHarness.APPROVAL_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.AS_OF;
import static io.vigil.workflows.usagedrop.CheckinHarness.CSM_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.CUSTOMER_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.ORIGIN;
import static io.vigil.workflows.usagedrop.CheckinHarness.WORKFLOW_ID;
import static io.vigil.workflows.usagedrop.CheckinHarness.alert;
import static io.vigil.workflows.usagedrop.CheckinHarness.detection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.endsWith;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.common.SearchAttributes;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryChain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.ArgumentCaptor;

/**
 * A check-in in its cooldown flooded with detections (as 5,000 calls of {@code detections/run} over
 * 25 days would): dispatched as the dispatcher does, one signal per alert reaches the history;
 * signalled blindly, every alert is still recorded once and the check-in continues as new with its
 * state.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedCheckinHistoryTest {
  static final int DETECTIONS = 5_000;
  /** 5,000 calls over 25 as-of days: 25 alerts, each detected 200 times. */
  static final int DAYS = 25;
  /** A run flooded by blind signals: a tenth of Temporal's 50,000 events and 50 MB. */
  static final int MAX_FLOODED_EVENTS = 7_000;
  static final int MAX_FLOODED_BYTES = 5 * 1024 * 1024;

  private CheckinHarness h;

  @BeforeEach
  void startTestServer() {
    h = new CheckinHarness();
  }

  @AfterEach
  void stopTestServer() {
    h.close();
  }

  /** As AlertDispatcher (activities module) does: no signal for a detection the workflow already holds. */
  private void dispatch(UsageDropAlert detection) {
    if (!h.running().hasDetection(detection.alertKey())) {
      h.running().reportDetection(detection);
    }
  }

  @Test
  void givenACheckinInItsCooldown_when5000DetectionsAreDispatched_onlyOneSignalPerAlertReachesTheHistory() {
    UsageDropAlert alert = alert(80);
    String firstRunId = WorkflowStub.fromTyped(h.start(alert)).getExecution().getRunId();
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);
    h.awaitStage("cooling down until");

    for (int i = 0; i < DETECTIONS; i++) {
      dispatch(detection(AS_OF.plusDays(1 + i % DAYS), 85, alert.policy()));
    }
    h.awaitState("every alert recorded", s -> s.suppressedDetections() == DAYS);

    List<HistoryChain.Run> runs = HistoryChain.runs(h.client, WORKFLOW_ID, firstRunId);
    long signals = runs.get(0).history().getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .filter(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("reportDetection")).count();
    System.out.printf("%d dispatched detections in the cooldown: %d signals, %d events, %d bytes%n",
        DETECTIONS, signals, runs.get(0).events(), runs.get(0).bytes());
    assertThat(runs).hasSize(1);
    assertThat(signals).isEqualTo(DAYS);
    assertThat(runs.get(0).events()).isLessThan(400);
    verify(h.usageDrop, times(DAYS)).recordTriggerEvent(endsWith("/suppressed"), any(), any(), anyString());
  }

  /**
   * The workflow's own guard, for detections signalled whatever it holds (the dispatcher's query
   * unanswered): each alert is recorded once, and the check-in continues as new in its cooldown with
   * its state. Signals land in the history faster than a run can close, so the run they flood may pass
   * the budget, but stays far from Temporal's 50,000 events and 50 MB.
   */
  @Test
  void givenACheckinInItsCooldown_when5000DetectionsAreSignalled_itRecordsEachAlertOnceAndContinuesAsNewWithItsState() {
    UsageDropAlert alert = alert(80);
    String firstRunId = WorkflowStub.fromTyped(h.start(alert)).getExecution().getRunId();
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);
    CheckinState cooling = h.awaitStage("cooling down until");

    for (int i = 0; i < DETECTIONS; i++) {
      h.running().reportDetection(detection(AS_OF.plusDays(1 + i % DAYS), 85, alert.policy()));
    }
    CheckinState flooded = h.awaitState("every alert recorded", s -> s.suppressedDetections() == DAYS);

    // every signal is in the history once the loop is over; the flooded run continues as new at its next task
    List<HistoryChain.Run> runs = HistoryChain.afterContinueAsNew(h.client, WORKFLOW_ID, firstRunId);
    System.out.printf("%d signalled detections in the cooldown: %d runs, largest %d events / %d bytes, %d events in all%n",
        DETECTIONS, runs.size(), HistoryChain.largestEvents(runs), HistoryChain.largestBytes(runs),
        runs.stream().mapToInt(HistoryChain.Run::events).sum());
    assertThat(runs).as("runs continued as new").hasSizeGreaterThan(1);
    assertThat(HistoryChain.largestEvents(runs)).isLessThan(MAX_FLOODED_EVENTS);
    assertThat(HistoryChain.largestBytes(runs)).isLessThan(MAX_FLOODED_BYTES);
    assertThat(runs.get(runs.size() - 1).events()).as("the run after the flood").isLessThan(HistoryBudget.MAX_EVENTS);
    var latest = WorkflowStub.fromTyped(h.running()).describe();
    assertThat(latest.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(latest.getMemo(PlaybookStarts.ORIGIN_MEMO, String.class))
        .as("the origin a retried dispatch recognizes its own start by").isEqualTo(ORIGIN);
    assertThat(latest.getTypedSearchAttributes().get(SearchAttributes.CUSTOMER_ID)).isEqualTo(CUSTOMER_ID);

    assertThat(flooded.stage()).isEqualTo(cooling.stage());
    assertThat(flooded.cooldownUntil()).isEqualTo(cooling.cooldownUntil());
    assertThat(flooded.approvalId()).isEqualTo(APPROVAL_ID);
    assertThat(flooded.approvalStatus()).isEqualTo("approved");
    assertThat(h.running().hasDetection(WORKFLOW_ID + "@" + AS_OF.plusDays(DAYS))).isTrue();
    assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(APPROVAL_ID, CSM_ID)).type())
        .isEqualTo(HoldsDrafts.ALREADY_DECIDED);

    CheckinState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.suppressedDetections()).isEqualTo(DAYS);
    for (int day = 1; day <= DAYS; day++) {
      verify(h.usageDrop, times(1)).recordTriggerEvent(eq(WORKFLOW_ID + "@" + AS_OF.plusDays(day) + "/suppressed"),
          any(), eq(TriggerOutcome.SUPPRESSED), anyString());
    }
    verify(h.usageDrop, times(DAYS)).recordTriggerEvent(endsWith("/suppressed"), any(), any(), anyString());
    verify(h.usageDrop, times(1)).recordRiskSignal(anyString(), any());
    verify(h.usageDrop, times(1)).notifyCsm(anyString(), any());
    verify(h.approvals, times(1)).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    ArgumentCaptor<LogEntry> logged = ArgumentCaptor.forClass(LogEntry.class);
    verify(h.activityLog, times(1)).log(logged.capture());
    assertThat(logged.getValue().action()).isEqualTo("cooldown_ended");
    assertThat(logged.getValue().details()).isEqualTo(java.util.Map.of("suppressedDetections", DAYS));
  }
}
