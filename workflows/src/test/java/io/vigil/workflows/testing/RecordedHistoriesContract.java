package io.vigil.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every playbook's replay test proves about its committed histories in
 * {@code src/test/resources/histories/<folder>/}: each named scenario is recorded, the current
 * implementation replays every one, and an implementation that reorders the playbook's steps fails to,
 * so a change that would break running workflows fails the build. A subclass names its folder,
 * scenarios and the two implementations, and keeps its own {@code Recording} scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RecordedHistoriesContract {
  private final String folder;
  private final List<String> scenarios;

  protected RecordedHistoriesContract(String folder, List<String> scenarios) {
    this.folder = folder;
    this.scenarios = List.copyOf(scenarios);
  }

  /** The implementation running workflows execute today. */
  protected abstract Class<?> currentImplementation(Path history);

  /** The same playbook with its steps reordered: replaying any recorded history with it must fail. */
  protected abstract Class<?> reorderedImplementation(Path history);

  /** Checks that the failure names the reordered steps, so that it is the reordering that was caught. */
  protected abstract void assertCaughtTheReordering(Throwable failure, Path history);

  protected Stream<Path> recordedHistories() {
    return HistoryRecorder.recorded(folder).stream();
  }

  @Test
  void everyScenarioHasARecordedHistory() {
    assertThat(recordedHistories().map(HistoryRecorder::scenario)).containsExactlyInAnyOrderElementsOf(scenarios);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void givenARecordedHistory_theCurrentWorkflowReplaysItDeterministically(Path history) {
    ReplayFailures.assertReplays(history, currentImplementation(history));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void givenARecordedHistory_aWorkflowThatReordersItsStepsFailsToReplayIt(Path history) {
    assertCaughtTheReordering(ReplayFailures.assertNonDeterministic(history, reorderedImplementation(history)), history);
  }
}
