package io.vigil.workflows.expansion;

import static io.vigil.workflows.expansion.ExpansionHarness.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays the committed histories in {@code src/test/resources/histories/expansion/} against the
 * current implementation: a change that would break running opportunities fails here. Record them
 * (after an intended, versioned change, only the new scenarios) from the repository root with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='ExpansionOpportunityReplayTest$Recording#…'
 * </pre>
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExpansionOpportunityReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "expansion";
  static final List<String> SCENARIOS = List.of("expansion-cooled-down", "expansion-suppressed-triggers");

  ExpansionOpportunityReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return ExpansionOpportunityWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return NotifyFirstExpansionOpportunityWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("NotifyCsmOfExpansion").hasMessageContaining("RecordExpansionOpportunity");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    @Test
    void cooledDown() {
      record("expansion-cooled-down", h -> {
        h.start(h.trigger());
        assertThat(h.result().stage()).isEqualTo("done");
      });
    }

    @Test
    void suppressedTriggers() {
      record("expansion-suppressed-triggers", h -> {
        h.start(h.trigger());
        h.awaitStage("cooling down");
        h.env.sleep(Duration.ofDays(1));
        h.running().reportOpportunity(h.trigger(AS_OF.plusDays(1)));
        h.awaitState("one suppressed trigger", s -> s.suppressedTriggers() == 1);
        h.env.sleep(Duration.ofDays(10));
        h.running().reportOpportunity(h.trigger(AS_OF.plusDays(11)));
        assertThat(h.result().suppressedTriggers()).isEqualTo(2);
      });
    }

    private void record(String scenario, Consumer<ExpansionHarness> run) {
      try (ExpansionHarness h = new ExpansionHarness()) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, h.workflowId(), FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
