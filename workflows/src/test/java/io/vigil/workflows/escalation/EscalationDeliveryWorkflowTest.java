package io.vigil.workflows.escalation;

import static io.vigil.workflows.escalation.EscalationDeliveryHarness.ESCALATION_ID;
import static io.vigil.workflows.escalation.EscalationDeliveryHarness.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.testing.StepFailures;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The delivery of an escalation's version: retried until the receiver accepts, with backoff, once per version. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EscalationDeliveryWorkflowTest {

  @Test
  void givenTheReceiverFailsTwice_itIsRetriedWithBackoffUntilAccepted() {
    try (EscalationDeliveryHarness h = new EscalationDeliveryHarness(EscalationDeliveryWorkflowImpl.class)) {
      when(h.escalations.deliverEscalationToWebhook(ESCALATION_ID, 1))
          .thenThrow(ApplicationFailure.newFailure("HTTP 503 from intake", "TransientDeliveryFailure"))
          .thenThrow(ApplicationFailure.newFailure("HTTP 502 from intake", "TransientDeliveryFailure"))
          .thenReturn("delivered");
      when(h.escalations.postEscalationToSlack(ESCALATION_ID, 1)).thenReturn("skipped");

      EscalationDeliveryWorkflow.Delivered delivered = h.deliver(1);

      assertThat(delivered).isEqualTo(new EscalationDeliveryWorkflow.Delivered("delivered", "skipped"));
      verify(h.escalations, times(3)).deliverEscalationToWebhook(ESCALATION_ID, 1);
      // 10 s, then 20 s: the INTAKE_WEBHOOK profile's backoff, skipped by the test server's clock
      assertThat(Duration.between(START, h.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void givenTheReceiverRefusesForGood_itEndsFailed_andSlackStillGetsIt() {
    try (EscalationDeliveryHarness h = new EscalationDeliveryHarness(EscalationDeliveryWorkflowImpl.class)) {
      when(h.escalations.deliverEscalationToWebhook(ESCALATION_ID, 1))
          .thenThrow(StepFailures.permanent("HTTP 400 from intake"));
      when(h.escalations.postEscalationToSlack(ESCALATION_ID, 1)).thenReturn("delivered");

      assertThat(h.deliver(1)).isEqualTo(new EscalationDeliveryWorkflow.Delivered("failed", "delivered"));
      verify(h.escalations, times(1)).deliverEscalationToWebhook(anyString(), anyInt());
    }
  }

  @Test
  void theWorkflowIdIsBuiltAndParsedInOnePlace() {
    String id = EscalationDeliveryWorkflow.workflowId("esc_1", 3);
    assertThat(id).isEqualTo("escalation/esc_1/delivery/3");
    assertThat(EscalationDeliveryWorkflow.escalationIdOf(id)).isEqualTo("esc_1");
    assertThatThrownBy(() -> EscalationDeliveryWorkflow.escalationIdOf("usage-drop/acme"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
