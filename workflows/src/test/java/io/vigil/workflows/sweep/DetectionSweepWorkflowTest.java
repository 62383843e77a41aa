package io.vigil.workflows.sweep;

import static io.vigil.workflows.sweep.SweepHarness.AS_OF;
import static io.vigil.workflows.sweep.SweepHarness.ROLLED_UP;
import static io.vigil.workflows.sweep.SweepHarness.SATURDAY;
import static io.vigil.workflows.sweep.SweepHarness.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowStub;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweep's shape with its steps mocked: order, counts, cursors, weekends, retries, continue-as-new. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetectionSweepWorkflowTest {

  @Test
  void givenThreePages_itRollsUpDetectsEachPageDispatchesInBatchesRunsAdoptionThenScoresHealthPageByPage() {
    try (SweepHarness h = new SweepHarness(3)) {
      h.start();
      SweepState result = h.result();

      assertThat(h.calls.names()).containsExactly("rollUp " + AS_OF, "detectPage 1", "detectPage 2", "detectPage 3",
          "judgeCommonMode", "dispatchBatch 1", "dispatchBatch 2", "sweepAdoption", "scoreHealthPage 1",
          "scoreHealthPage 2", "scoreHealthPage 3");
      assertThat(result.stage()).isEqualTo(SweepStage.DONE);
      assertThat(result.healthPages()).isEqualTo(3);
      assertThat(result.healthScored()).isEqualTo(3);
      assertThat(result.asOf()).isEqualTo(AS_OF);
      assertThat(result.rolledUp()).isEqualTo(ROLLED_UP);
      assertThat(result.customers()).isEqualTo(6);
      assertThat(result.pages()).isEqualTo(3);
      assertThat(result.evaluated()).isEqualTo(3);
      assertThat(result.skipped()).containsExactly(Map.entry("notEnoughHistory", 3L));
      assertThat(result.skipReason()).isNull();
      assertThat(result.alerts()).isEqualTo(3);
      assertThat(result.batches()).isEqualTo(2);
      assertThat(result.started()).isEqualTo(2);
      assertThat(result.suppressed()).isEqualTo(1);
      assertThat(result.adoptionStarted()).isEqualTo(1);
      assertThat(result.runs()).isEqualTo(1);
      assertThat(result.cursor()).isNull();
      assertThat(h.sweepIds).allMatch(id -> id.startsWith(WORKFLOW_ID + "@")).hasSize(3).containsOnly(result.sweepId());
    }
  }

  @Test
  void givenASaturday_itNeitherDetectsNorDispatches_andSaysWhyForEveryCustomer_butScoresHealth() {
    try (SweepHarness h = new SweepHarness(2)) {
      h.start(SweepInput.asOf(SATURDAY));
      SweepState result = h.result();

      assertThat(h.calls.names()).containsExactly("rollUp " + SATURDAY, "sweepAdoption", "scoreHealthPage 1",
          "scoreHealthPage 2");
      assertThat(result.evaluated()).isZero();
      assertThat(result.skipped()).containsExactly(Map.entry("weekend", 4L));
      assertThat(result.skipReason()).contains("Saturday");
    }
  }

  @Test
  void givenADispatchBatchThatFailsOnce_itIsRetriedAndCountedOnce() {
    try (SweepHarness h = new SweepHarness(2)) {
      h.failingDispatches.set(1);
      h.start();
      SweepState result = h.result();

      assertThat(h.calls.names()).containsExactly("rollUp " + AS_OF, "detectPage 1", "detectPage 2",
          "judgeCommonMode", "dispatchBatch 1", "dispatchBatch 1", "sweepAdoption", "scoreHealthPage 1",
          "scoreHealthPage 2");
      assertThat(result.started()).isEqualTo(1);
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void givenALongSweep_itContinuesAsNewWithItsProgress_andAnswersTheTotals() {
    try (SweepHarness h = new SweepHarness(12)) {
      h.start(new SweepInput(null, 25, null));
      SweepState result = h.result();

      assertThat(result.runs()).isGreaterThan(2);
      assertThat(h.calls.names()).filteredOn(n -> n.startsWith("rollUp")).hasSize(1);
      assertThat(h.calls.names()).filteredOn(n -> n.startsWith("detectPage")).hasSize(12);
      assertThat(h.calls.names()).filteredOn(n -> n.startsWith("dispatchBatch")).hasSize(6);
      assertThat(h.calls.names()).filteredOn(n -> n.startsWith("scoreHealthPage")).hasSize(12);
      assertThat(result.healthPages()).isEqualTo(12);
      assertThat(result.healthScored()).isEqualTo(12);
      assertThat(result.pages()).isEqualTo(12);
      assertThat(result.evaluated()).isEqualTo(12);
      assertThat(result.skipped()).containsExactly(Map.entry("notEnoughHistory", 12L));
      assertThat(result.alerts()).isEqualTo(12);
      assertThat(result.started()).isEqualTo(6);
      assertThat(result.suppressed()).isEqualTo(6);
      assertThat(h.sweepIds).containsOnly(result.sweepId());
      long continued = WorkflowStub.fromTyped(h.client.newWorkflowStub(DetectionSweepWorkflow.class, WORKFLOW_ID))
          .describe().getHistoryLength();
      assertThat(continued).as("the last run's history").isLessThan(40);
    }
  }

  @Test
  void givenACommonModeDay_itHoldsTheCustomersBack_tellsOperatorsOnce_andDispatchesNothing() {
    try (SweepHarness h = new SweepHarness(3)) {
      CommonModeDay day = new CommonModeDay(DayTally.PORTFOLIO, AS_OF, 3, 3, 100.0,
          "100% of customers dropped on 2026-11-18 (3 of 3): holiday or data gap?");
      h.verdict = new CommonModeVerdict(java.util.List.of(day), 3, 3);
      h.start();
      SweepState result = h.result();

      assertThat(h.calls.names()).containsExactly("rollUp " + AS_OF, "detectPage 1", "detectPage 2", "detectPage 3",
          "judgeCommonMode", "tellOperators", "sweepAdoption", "scoreHealthPage 1", "scoreHealthPage 2", "scoreHealthPage 3");
      verify(h.steps).judgeCommonMode(anyString(), org.mockito.ArgumentMatchers.eq(AS_OF),
          org.mockito.ArgumentMatchers.eq(Map.of(DayTally.PORTFOLIO, new DayTally(3, 3))));
      verify(h.steps).tellOperators(java.util.List.of(day));
      assertThat(result.evaluated()).isZero();
      assertThat(result.skipped()).containsExactly(Map.entry("commonMode", 3L), Map.entry("notEnoughHistory", 3L));
      assertThat(result.alerts()).isZero();
      assertThat(result.started()).isZero();
      assertThat(result.commonMode()).containsExactly(day);
    }
  }

  @Test
  void givenNoAlerts_itDispatchesNothing() {
    try (SweepHarness h = new SweepHarness(1)) {
      doAnswer(invocation -> new DetectedPage("c-1", true, 2, 2, Map.of(), 0)).when(h.steps).detectPage(anyString(), any(), any());
      h.start();
      SweepState result = h.result();
      assertThat(result.alerts()).isZero();
      assertThat(result.batches()).isZero();
      verify(h.steps, never()).dispatchBatch(anyString(), any());
    }
  }

  @Test
  void givenTheSweepsProgress_itsCurrentDetailsReadAsAReport() {
    DetectionSweepWorkflowImpl.Progress p = DetectionSweepWorkflowImpl.Progress.start("sweep-1", AS_OF);
    p.stage = SweepStage.DISPATCHING;
    p.rolledUp = ROLLED_UP;
    p.customers = 100_000;
    p.pages = 20;
    p.evaluated = 99_000;
    p.skipped.put("notEnoughHistory", 1_000L);
    p.alerts = 1_812;
    p.batches = 3;
    p.started = 250;
    p.suppressed = 50;
    assertThat(DetectionSweepWorkflowImpl.details(p)).isEqualTo("""
        **Detection sweep as of 2026-11-18**: dispatching alerts, batch 4

        - rolled up: 2026-11-17 … 2026-11-18 (2 days, 100 customers)
        - customers: 100000 of 100000 seen in 20 pages, 99000 evaluated, 1000 skipped (notEnoughHistory)
        - alerts: 1812 found, 250 started, 50 suppressed (already running or cooling down)""");
  }

  @Test
  void givenTheHealthStep_itsCurrentDetailsSayHowManyCustomersWereScored() {
    DetectionSweepWorkflowImpl.Progress p = DetectionSweepWorkflowImpl.Progress.start("sweep-1", AS_OF);
    p.stage = SweepStage.HEALTH;
    p.rolledUp = ROLLED_UP;
    p.customers = 4;
    p.pages = 1;
    p.evaluated = 4;
    p.adoptionEvaluated = 4;
    p.healthPages = 2;
    p.healthScored = 7_500;
    assertThat(DetectionSweepWorkflowImpl.details(p)).isEqualTo("""
        **Detection sweep as of 2026-11-18**: scoring health, page 3

        - rolled up: 2026-11-17 … 2026-11-18 (2 days, 100 customers)
        - customers: 4 of 4 seen in 1 page, 4 evaluated
        - alerts: 0 found, 0 started, 0 suppressed (already running or cooling down)
        - adoption: 4 evaluated, 0 enablements started, 0 suppressed
        - health: 7500 customers scored in 2 pages""");
  }
}
