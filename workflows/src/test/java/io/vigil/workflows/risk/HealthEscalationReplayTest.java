package io.vigil.workflows.risk;

import static io.vigil.workflows.risk.EscalationHarness.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;

import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import io.vigil.workflows.testing.StepFailures;
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
 * Replays the committed histories in {@code src/test/resources/histories/escalation/} against the
 * current escalation implementations (a file named {@code at-risk-…} by the at-risk one, {@code
 * churn-risk-…} by the churn-risk one): a change that would break running escalations fails here.
 * Record them (after an intended, versioned change, only the new scenarios) from the repository root with
 *
 * <pre>
 * mvn -B -q -o -pl workflows test -Dvigil.recordHistories=true -Dtest='HealthEscalationReplayTest$Recording#…'
 * </pre>
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HealthEscalationReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "escalation";
  static final List<String> SCENARIOS = List.of("at-risk-recovered", "at-risk-suppressed-triggers",
      "at-risk-manager-unreachable", "churn-risk-churned", "churn-risk-still-at-risk");

  HealthEscalationReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return atRisk(history) ? AtRiskEscalationWorkflowImpl.class : ChurnRiskEscalationWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return atRisk(history) ? NotifyFirstAtRiskEscalationWorkflowImpl.class : NotifyFirstChurnRiskEscalationWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("NotifyEscalation").hasMessageContaining("RecordEscalation");
  }

  private static boolean atRisk(Path history) {
    return HistoryRecorder.scenario(history).startsWith("at-risk-");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {

    @Test
    void atRiskRecovered() {
      record(EscalationKind.AT_RISK, "at-risk-recovered", h -> {
        h.start(h.trigger());
        assertThat(h.result().outcome()).isEqualTo(EscalationOutcome.RECOVERED);
      });
    }

    @Test
    void atRiskSuppressedTriggers() {
      record(EscalationKind.AT_RISK, "at-risk-suppressed-triggers", h -> {
        h.answerOutcomeWith(EscalationOutcome.STILL_AT_RISK);
        h.start(h.trigger());
        h.awaitStage("waiting for the outcome");
        h.env.sleep(Duration.ofDays(1));
        h.running().reportTrigger(h.trigger(AS_OF.plusDays(1), EscalationCause.RED_SCORE));
        h.awaitState("one suppressed trigger", s -> s.suppressedTriggers() == 1);
        h.env.sleep(Duration.ofDays(35));
        h.awaitStage("cooling down");
        h.running().reportTrigger(h.trigger(AS_OF.plusDays(36), EscalationCause.RED_SCORE));
        assertThat(h.result().suppressedTriggers()).isEqualTo(2);
      });
    }

    @Test
    void atRiskManagerUnreachable() {
      record(EscalationKind.AT_RISK, "at-risk-manager-unreachable", h -> {
        doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
            .when(h.escalation).notifyEscalation(any(), any(), any());
        h.start(h.trigger());
        assertThat(h.result().outcome()).isEqualTo(EscalationOutcome.RECOVERED);
        assertThat(StepFailures.recorded(h.activityLog)).hasSize(1);
      });
    }

    @Test
    void churnRiskChurned() {
      record(EscalationKind.CHURN_RISK, "churn-risk-churned", h -> {
        h.answerOutcomeWith(EscalationOutcome.CHURNED);
        h.start(h.trigger());
        assertThat(h.result().outcome()).isEqualTo(EscalationOutcome.CHURNED);
      });
    }

    @Test
    void churnRiskStillAtRisk() {
      record(EscalationKind.CHURN_RISK, "churn-risk-still-at-risk", h -> {
        h.answerOutcomeWith(EscalationOutcome.STILL_AT_RISK);
        h.start(h.trigger(AS_OF, EscalationCause.USAGE_DROP));
        assertThat(h.result().outcome()).isEqualTo(EscalationOutcome.STILL_AT_RISK);
      });
    }

    private void record(EscalationKind kind, String scenario, Consumer<EscalationHarness> run) {
      try (EscalationHarness h = new EscalationHarness(kind)) {
        run.accept(h);
        Path file = HistoryRecorder.record(h.client, h.workflowId(), FOLDER, scenario);
        assertThat(file).isNotEmptyFile();
      }
    }
  }
}
