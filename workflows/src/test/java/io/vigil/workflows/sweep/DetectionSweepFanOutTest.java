package io.vigil.workflows.sweep;

import static io.vigil.workflows.sweep.SweepHarness.AS_OF;
import static io.vigil.workflows.sweep.SweepHarness.SATURDAY;
import static io.vigil.workflows.sweep.SweepHarness.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sweep split into slices (version {@code sweep-fan-out}): each stage runs its slices in waves of
 * {@code parallelism}, so that the workers polling the task queue share the day, and adds them up to
 * the same totals as page after page.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetectionSweepFanOutTest {

  @Test
  void givenFourSlicesTwoAtOnce_eachStageRunsThemInWavesOfTwo_andTheTotalsAreThoseOfFourPages() {
    try (SweepHarness h = new SweepHarness(4).sliced(4, 2)) {
      h.start();
      SweepState result = h.result();

      List<String> calls = h.calls.names();
      assertThat(calls.get(0)).isEqualTo("rollUp " + AS_OF);
      assertThat(calls.subList(1, 3)).containsExactlyInAnyOrder("detectSlice 1", "detectSlice 2");
      assertThat(calls.subList(3, 5)).containsExactlyInAnyOrder("detectSlice 3", "detectSlice 4");
      assertThat(calls.get(5)).isEqualTo("judgeCommonMode");
      assertThat(calls.subList(6, 8)).containsExactlyInAnyOrder("dispatchSlice 1", "dispatchSlice 2");
      assertThat(calls.subList(8, 10)).containsExactlyInAnyOrder("dispatchSlice 3", "dispatchSlice 4");
      assertThat(calls.get(10)).isEqualTo("sweepAdoption");
      assertThat(calls.subList(11, 13)).containsExactlyInAnyOrder("scoreHealthSlice 1", "scoreHealthSlice 2");
      assertThat(calls.subList(13, 15)).containsExactlyInAnyOrder("scoreHealthSlice 3", "scoreHealthSlice 4");
      assertThat(calls).hasSize(15);
      assertThat(h.mostAtOnce.get()).as("slices of a wave run side by side").isEqualTo(2);

      assertThat(result.stage()).isEqualTo(SweepStage.DONE);
      assertThat(result.slices().count()).isEqualTo(4);
      assertThat(result.pages()).isEqualTo(4);
      assertThat(result.evaluated()).isEqualTo(4);
      assertThat(result.skipped()).containsExactly(Map.entry("notEnoughHistory", 4L));
      assertThat(result.alerts()).isEqualTo(4);
      assertThat(result.tallies()).containsExactly(Map.entry(DayTally.PORTFOLIO, new DayTally(4, 4)));
      assertThat(result.batches()).isEqualTo(4);
      assertThat(result.started()).isEqualTo(2);
      assertThat(result.suppressed()).isEqualTo(2);
      assertThat(result.healthPages()).isEqualTo(4);
      assertThat(result.healthScored()).isEqualTo(4);
      assertThat(h.sweepIds).hasSize(4).containsOnly(result.sweepId());
    }
  }

  @Test
  void givenParallelismOne_theSlicesRunOneAfterAnother() {
    try (SweepHarness h = new SweepHarness(3).sliced(3, 1)) {
      h.start();
      SweepState result = h.result();

      assertThat(h.calls.names()).containsExactly("rollUp " + AS_OF, "detectSlice 1", "detectSlice 2", "detectSlice 3",
          "judgeCommonMode", "dispatchSlice 1", "dispatchSlice 2", "dispatchSlice 3", "sweepAdoption",
          "scoreHealthSlice 1", "scoreHealthSlice 2", "scoreHealthSlice 3");
      assertThat(h.mostAtOnce.get()).isEqualTo(1);
      assertThat(result.alerts()).isEqualTo(3);
    }
  }

  @Test
  void givenALongSlicedSweep_itContinuesAsNewBetweenWaves_andEverySliceRunsOncePerStage() {
    try (SweepHarness h = new SweepHarness(12).sliced(12, 3)) {
      h.start(new SweepInput(null, 25, null));
      SweepState result = h.result();

      assertThat(result.runs()).isGreaterThan(2);
      for (String step : List.of("detectSlice", "dispatchSlice", "scoreHealthSlice")) {
        assertThat(h.calls.names()).filteredOn(n -> n.startsWith(step + " "))
            .as(step).hasSize(12).doesNotHaveDuplicates();
      }
      assertThat(result.pages()).isEqualTo(12);
      assertThat(result.alerts()).isEqualTo(12);
      assertThat(result.started()).isEqualTo(6);
      assertThat(result.suppressed()).isEqualTo(6);
      assertThat(result.healthScored()).isEqualTo(12);
      assertThat(h.sweepIds).containsOnly(result.sweepId());
    }
  }

  @Test
  void givenASliceWhoseDispatchFailsOnce_itIsRetriedAlone_andCountedOnce() {
    try (SweepHarness h = new SweepHarness(2).sliced(2, 2)) {
      h.failingDispatches.set(1);
      h.start();
      SweepState result = h.result();

      assertThat(h.calls.names()).filteredOn(n -> n.startsWith("dispatchSlice")).hasSize(3);
      assertThat(result.batches()).isEqualTo(2);
      assertThat(result.started()).isEqualTo(1);
      assertThat(result.suppressed()).isEqualTo(1);
    }
  }

  @Test
  void givenASaturday_onlyHealthRunsInSlices() {
    try (SweepHarness h = new SweepHarness(2).sliced(2, 2)) {
      h.start(SweepInput.asOf(SATURDAY));
      SweepState result = h.result();

      assertThat(h.calls.names().subList(0, 2)).containsExactly("rollUp " + SATURDAY, "sweepAdoption");
      assertThat(h.calls.names().subList(2, 4)).containsExactlyInAnyOrder("scoreHealthSlice 1", "scoreHealthSlice 2");
      assertThat(result.skipped()).containsExactly(Map.entry("weekend", 4L));
      assertThat(result.healthPages()).isEqualTo(2);
    }
  }

  @Test
  void givenASlicedSweepsProgress_itsCurrentDetailsSayWhichSlicesRun() {
    DetectionSweepWorkflowImpl.Progress p = DetectionSweepWorkflowImpl.Progress.start(WORKFLOW_ID, AS_OF);
    p.stage = SweepStage.DETECTING;
    p.customers = 100_000;
    p.slices = new SweepSlices(java.util.stream.IntStream.range(1, 20).mapToObj(i -> "c-" + i).toList(), 4);
    p.nextSlice = 4;
    assertThat(DetectionSweepWorkflowImpl.details(p)).startsWith(
        "**Detection sweep as of 2026-11-18**: detecting, slices 5-8 of 20, 4 at a time");
    p.nextSlice = 19;
    assertThat(DetectionSweepWorkflowImpl.details(p)).startsWith(
        "**Detection sweep as of 2026-11-18**: detecting, slice 20 of 20, 4 at a time");
  }
}
