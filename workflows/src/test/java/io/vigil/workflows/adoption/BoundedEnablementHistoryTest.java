package io.vigil.workflows.adoption;

import static io.vigil.workflows.adoption.AdoptionHarness.APPROVAL_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.AS_OF;
import static io.vigil.workflows.adoption.AdoptionHarness.CSM_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.WORKFLOW_ID;
import static io.vigil.workflows.adoption.AdoptionHarness.alert;
import static io.vigil.workflows.adoption.AdoptionHarness.detection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.endsWith;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.vigil.workflows.common.HistoryBudget;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.HistoryChain;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An enablement waiting for its follow-up, flooded with detections: each alert is recorded once,
 * the enablement continues as new carrying its state, and the follow-up still comes once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedEnablementHistoryTest {
  static final int DETECTIONS = 5_000;
  static final int DAYS = 25;
  /** A run flooded by blind signals: a tenth of Temporal's 50,000 events and 50 MB. */
  static final int MAX_FLOODED_EVENTS = 7_000;
  static final int MAX_FLOODED_BYTES = 5 * 1024 * 1024;

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
  void givenAnEnablementWaitingForItsFollowUp_when5000DetectionsArrive_itRecordsEachAlertOnceAndContinuesAsNewWithItsState() {
    String firstRunId = WorkflowStub.fromTyped(h.start(alert())).getExecution().getRunId();
    h.awaitStage("waiting for approval");
    h.approve(APPROVAL_ID);
    AdoptionState waiting = h.awaitStage("following up on");

    for (int i = 0; i < DETECTIONS; i++) {
      h.running().reportDetection(detection(AS_OF.plusDays(1 + i % DAYS)));
    }
    AdoptionState flooded = h.awaitState("every alert recorded", s -> s.suppressedDetections() == DAYS);

    // every signal is in the history once the loop is over; the flooded run continues as new at its next task
    List<HistoryChain.Run> runs = HistoryChain.afterContinueAsNew(h.client, WORKFLOW_ID, firstRunId);
    System.out.printf("%d detections before the follow-up: %d runs, largest %d events / %d bytes%n",
        DETECTIONS, runs.size(), HistoryChain.largestEvents(runs), HistoryChain.largestBytes(runs));
    assertThat(runs).as("runs continued as new").hasSizeGreaterThan(1);
    assertThat(HistoryChain.largestEvents(runs)).isLessThan(MAX_FLOODED_EVENTS);
    assertThat(HistoryChain.largestBytes(runs)).isLessThan(MAX_FLOODED_BYTES);
    assertThat(runs.get(runs.size() - 1).events()).isLessThan(HistoryBudget.MAX_EVENTS);
    assertThat(WorkflowStub.fromTyped(h.running()).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(flooded.stage()).isEqualTo(waiting.stage());
    assertThat(flooded.followUpAt()).isEqualTo(waiting.followUpAt());
    assertThat(flooded.interventionRecorded()).isTrue();
    assertThat(flooded.approvalStatus()).isEqualTo("approved");
    assertThat(Decisions.refusalOf(h.client, WORKFLOW_ID, Decisions.approval(APPROVAL_ID, CSM_ID)).type())
        .isEqualTo(HoldsDrafts.ALREADY_DECIDED);

    AdoptionState done = h.result();

    assertThat(done.stage()).isEqualTo("done");
    assertThat(done.suppressedDetections()).isEqualTo(DAYS);
    verify(h.adoption, times(DAYS)).recordDetection(endsWith("/suppressed"), any(), any(), anyString());
    verify(h.adoption, times(1)).recordInterventions(anyString(), any(), anyString(), anyString());
    verify(h.adoption, times(1)).measureFollowUp(anyString(), any());
  }
}
