package io.vigil.workflows.sweep;

import static io.vigil.workflows.sweep.SweepHarness.SATURDAY;
import static io.vigil.workflows.sweep.SweepHarness.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.ReplayFailures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed histories in {@code src/test/resources/histories/sweep/} against the
 * current {@link DetectionSweepWorkflowImpl}: {@code legacy-single-activity} is a sweep of the time
 * before the steps (recorded with {@link DetectionSweepWorkflowV1Impl}), which must still replay
 * through the {@code sweep-in-steps} version gate; the others are sweeps in steps ({@code
 * in-steps}, {@code weekend-skipped} and {@code continued-as-new} from before the {@code
 * common-mode-days} gate, {@code common-mode-day} after it). Regenerate them
 * (after an intended, versioned change) from the repository root with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='DetectionSweepReplayTest*'
 * </pre>
 *
 * then run the module's tests again and commit the JSON files. Never re-record
 * {@code legacy-single-activity} with the current implementation: it stands for the sweeps that
 * were running when the steps were introduced; nor the three sweeps in steps from before
 * common-mode days, nor those of {@link #BEFORE_HEALTH}, which stand for the sweeps before the health
 * step ({@code health-scored} was recorded with it). Record a new scenario alone with
 * {@code -Dtest='DetectionSweepReplayTest$Recording#name'}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DetectionSweepReplayTest {
  static final String FOLDER = "sweep";
  static final String LEGACY = "legacy-single-activity";
  /** Recorded before the health step ({@code health-step} version): they end after adoption. */
  static final List<String> BEFORE_HEALTH = List.of("in-steps", "weekend-skipped", "continued-as-new", "common-mode-day");
  /** Recorded before the {@code sweep-fan-out} version: page after page. */
  static final List<String> BEFORE_FAN_OUT = List.of(LEGACY, "in-steps", "weekend-skipped", "continued-as-new",
      "common-mode-day", "health-scored");
  static final List<String> SCENARIOS = List.of(LEGACY, "in-steps", "weekend-skipped", "continued-as-new", "common-mode-day",
      "health-scored", "fanned-out");

  static Stream<Path> recordedHistories() {
    return HistoryRecorder.recorded(FOLDER).stream();
  }

  static Stream<Path> historiesInSteps() {
    return recordedHistories().filter(h -> !HistoryRecorder.scenario(h).equals(LEGACY));
  }

  static Path legacy() {
    return recordedHistories().filter(h -> HistoryRecorder.scenario(h).equals(LEGACY)).findFirst().orElseThrow();
  }

  @Test
  void everyScenarioHasARecordedHistory() {
    assertThat(recordedHistories().map(HistoryRecorder::scenario)).containsExactlyInAnyOrderElementsOf(SCENARIOS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void givenARecordedHistory_theCurrentWorkflowReplaysItDeterministically(Path history) {
    ReplayFailures.assertReplays(history, DetectionSweepWorkflowImpl.class);
  }

  @Test
  void givenASweepOfTheTimeBeforeTheSteps_theStepsWithoutTheirVersionGateFailToReplayIt() {
    Throwable failure = ReplayFailures.assertNonDeterministic(legacy(), UngatedDetectionSweepWorkflowImpl.class);
    assertThat(failure).hasMessageContaining("SweepRollUp");
  }

  static Stream<Path> historiesBeforeHealth() {
    return recordedHistories().filter(h -> BEFORE_HEALTH.contains(HistoryRecorder.scenario(h)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historiesBeforeHealth")
  void givenASweepOfTheTimeBeforeTheHealthStep_theHealthStepWithoutItsVersionGateFailsToReplayIt(Path history) {
    Throwable failure = ReplayFailures.assertNonDeterministic(history, UngatedHealthSweepWorkflowImpl.class);
    // the recorded sweep completed where the ungated one schedules its first health page
    assertThat(failure).hasMessageContaining("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED does not match command type "
        + "COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK");
  }

  /** Those that roll up (the last run of {@code continued-as-new} resumes detecting, past where the gate sits). */
  static Stream<Path> historiesInStepsBeforeFanOut() {
    return historiesInSteps().filter(h -> BEFORE_FAN_OUT.contains(HistoryRecorder.scenario(h)))
        .filter(h -> !HistoryRecorder.scenario(h).equals("continued-as-new"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historiesInStepsBeforeFanOut")
  void givenASweepOfTheTimeBeforeTheSlices_theSlicesWithoutTheirVersionGateFailToReplayIt(Path history) {
    Throwable failure = ReplayFailures.assertNonDeterministic(history, UngatedFanOutSweepWorkflowImpl.class);
    // after the roll-up the recorded sweep detected a page (or, on a weekend, ran adoption) where the
    // ungated one splits the customers into slices
    assertThat(failure).hasMessageContaining("SweepSlices");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historiesInSteps")
  void givenASweepInSteps_aWorkflowThatDetectsBeforeRollingUpFailsToReplayIt(Path history) {
    Throwable failure = ReplayFailures.assertNonDeterministic(history, DetectFirstDetectionSweepWorkflowImpl.class);
    assertThat(failure).hasMessageContaining("SweepDetectPage");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    @Test
    void legacySingleActivity() {
      record(LEGACY, DetectionSweepWorkflowV1Impl.class, 1, h -> {
        h.start();
        assertThat(h.result().started()).isEqualTo(1);
      });
    }

    @Test
    void inSteps() {
      record("in-steps", DetectionSweepWorkflowImpl.class, 3, h -> {
        h.start();
        assertThat(h.result().alerts()).isEqualTo(3);
      });
    }

    @Test
    void weekendSkipped() {
      record("weekend-skipped", DetectionSweepWorkflowImpl.class, 2, h -> {
        h.start(SweepInput.asOf(SATURDAY));
        assertThat(h.result().skipReason()).contains("Saturday");
      });
    }

    /** A sweep with the health step after adoption, two pages of customers scored. */
    @Test
    void healthScored() {
      record("health-scored", DetectionSweepWorkflowImpl.class, 2, h -> {
        h.start();
        assertThat(h.result().healthPages()).isEqualTo(2);
      });
    }

    /** The last run of a sweep that continued as new: it resumes detecting from a cursor. */
    @Test
    void continuedAsNew() {
      record("continued-as-new", DetectionSweepWorkflowImpl.class, 6, h -> {
        h.start(new SweepInput(null, 25, null));
        assertThat(h.result().runs()).isGreaterThan(1);
      });
    }

    /** Split into four slices, two at a time, in every stage (recorded after the {@code sweep-fan-out} gate). */
    @Test
    void fannedOut() {
      record("fanned-out", DetectionSweepWorkflowImpl.class, 4, h -> {
        h.sliced(4, 2);
        h.start();
        assertThat(h.result().healthPages()).isEqualTo(4);
      });
    }

    /** Judged common-mode: the operators told, nothing dispatched (recorded after the {@code common-mode-days} gate). */
    @Test
    void commonModeDay() {
      record("common-mode-day", DetectionSweepWorkflowImpl.class, 2, h -> {
        h.verdict = new CommonModeVerdict(List.of(new CommonModeDay(DayTally.PORTFOLIO, SweepHarness.AS_OF, 2, 2, 100.0,
            "100% of customers dropped on 2026-11-18 (2 of 2): holiday or data gap?")), 2, 2);
        h.start();
        assertThat(h.result().commonMode()).hasSize(1);
      });
    }

    private void record(String scenario, Class<?> implementation, int pages, Consumer<SweepHarness> run) {
      try (SweepHarness h = new SweepHarness(implementation, pages)) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, WORKFLOW_ID, FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
