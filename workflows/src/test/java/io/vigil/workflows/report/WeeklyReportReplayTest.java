package io.vigil.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.ReplayFailures;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed histories in {@code src/test/resources/histories/weekly-report/}: {@code
 * report-delivered} (the report of 2026-W48 compiled and delivered to a channel and two managers,
 * as the schedule's trigger ran it) and {@code trigger} (the trigger itself). Regenerate them after
 * an intended, versioned change with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='WeeklyReportReplayTest*'
 * </pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WeeklyReportReplayTest {
  static final String FOLDER = "weekly-report";
  static final String REPORT = "report-delivered";
  static final String TRIGGER = "trigger";

  static Path history(String scenario) {
    return HistoryRecorder.recorded(FOLDER).stream().filter(h -> HistoryRecorder.scenario(h).equals(scenario))
        .findFirst().orElseThrow(() -> new AssertionError("no recorded history " + scenario));
  }

  static Stream<Path> recordedHistories() {
    return HistoryRecorder.recorded(FOLDER).stream();
  }

  @Test
  void everyScenarioHasARecordedHistory() {
    assertThat(recordedHistories().map(HistoryRecorder::scenario)).containsExactlyInAnyOrder(REPORT, TRIGGER);
  }

  @Test
  void givenARecordedReport_theCurrentWorkflowReplaysItDeterministically() {
    ReplayFailures.assertReplays(history(REPORT), WeeklyReportWorkflowImpl.class);
  }

  @Test
  void givenARecordedTrigger_theCurrentTriggerReplaysItDeterministically() {
    ReplayFailures.assertReplays(history(TRIGGER), WeeklyReportTriggerWorkflowImpl.class);
  }

  @Test
  void givenARecordedReport_aWorkflowThatAsksForRecipientsBeforeCompilingFailsToReplayIt() {
    Throwable failure = ReplayFailures.assertNonDeterministic(history(REPORT), DeliverFirstWeeklyReportWorkflowImpl.class);
    assertThat(failure).hasMessageContaining("WeeklyReportCompile");
  }

  /** Runs the scenario against the test server and writes its histories; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {
    @Test
    void reportDelivered() {
      try (ReportHarness h = new ReportHarness()) {
        assertThat(h.runScheduled().recorded()).isEqualTo(3);
        assertThat(HistoryRecorder.record(h.client, ReportHarness.REPORT_ID, FOLDER, REPORT)).isNotEmptyFile();
        assertThat(HistoryRecorder.record(h.client, ReportHarness.TRIGGER_ID, FOLDER, TRIGGER)).isNotEmptyFile();
      }
    }
  }
}
