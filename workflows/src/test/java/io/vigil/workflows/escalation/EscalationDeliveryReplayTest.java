package io.vigil.workflows.escalation;

import static io.vigil.workflows.escalation.EscalationDeliveryHarness.ESCALATION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.testing.HistoryRecorder;
import io.vigil.workflows.testing.RecordedHistoriesContract;
import io.vigil.workflows.testing.StepFailures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays the committed histories in {@code src/test/resources/histories/escalation-delivery/} against
 * the current {@link EscalationDeliveryWorkflowImpl}. Regenerate them (after an intended, versioned
 * change) with
 *
 * <pre>
 * mvn -B -q -pl workflows test -Dvigil.recordHistories=true -Dtest='EscalationDeliveryReplayTest*'
 * </pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EscalationDeliveryReplayTest extends RecordedHistoriesContract {
  static final String FOLDER = "escalation-delivery";
  static final List<String> SCENARIOS = List.of("retried-then-delivered", "refused-for-good");

  EscalationDeliveryReplayTest() {
    super(FOLDER, SCENARIOS);
  }

  @Override
  protected Class<?> currentImplementation(Path history) {
    return EscalationDeliveryWorkflowImpl.class;
  }

  @Override
  protected Class<?> reorderedImplementation(Path history) {
    return SlackFirstEscalationDeliveryWorkflowImpl.class;
  }

  @Override
  protected void assertCaughtTheReordering(Throwable failure, Path history) {
    assertThat(failure).hasMessageContaining("postEscalationToSlack");
  }

  /** Runs each scenario against the test server and writes its history; only with -Dvigil.recordHistories=true. */
  @Nested
  @EnabledIfSystemProperty(named = HistoryRecorder.RECORD_PROPERTY, matches = "true")
  class Recording {
    @Test
    void retriedThenDelivered() {
      try (EscalationDeliveryHarness h = new EscalationDeliveryHarness(EscalationDeliveryWorkflowImpl.class)) {
        when(h.escalations.deliverEscalationToWebhook(ESCALATION_ID, 1))
            .thenThrow(ApplicationFailure.newFailure("HTTP 503 from intake", "TransientDeliveryFailure"))
            .thenReturn("delivered");
        when(h.escalations.postEscalationToSlack(ESCALATION_ID, 1)).thenReturn("delivered");
        h.deliver(1);
        HistoryRecorder.record(h.env.getWorkflowClient(), EscalationDeliveryWorkflow.workflowId(ESCALATION_ID, 1), FOLDER,
            "retried-then-delivered");
      }
    }

    @Test
    void refusedForGood() {
      try (EscalationDeliveryHarness h = new EscalationDeliveryHarness(EscalationDeliveryWorkflowImpl.class)) {
        when(h.escalations.deliverEscalationToWebhook(ESCALATION_ID, 1)).thenThrow(StepFailures.permanent("HTTP 410"));
        when(h.escalations.postEscalationToSlack(ESCALATION_ID, 1)).thenReturn("skipped");
        h.deliver(1);
        HistoryRecorder.record(h.env.getWorkflowClient(), EscalationDeliveryWorkflow.workflowId(ESCALATION_ID, 1), FOLDER,
            "refused-for-good");
      }
    }
  }
}
