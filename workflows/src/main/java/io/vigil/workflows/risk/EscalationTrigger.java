package io.vigil.workflows.risk;

import io.vigil.workflows.common.Severity;
import java.time.LocalDate;

/**
 * One reason to escalate a customer, on day {@code asOf}: it starts the customer's escalation of
 * {@code kind}, or, while one runs or cools down, is recorded as suppressed.
 */
public record EscalationTrigger(EscalationKind kind, String customerId, String customerName, String csmId, LocalDate asOf,
    EscalationCause cause, Severity severity, String summary, EscalationPolicy policy) {

  /** The business key of the escalation's steps: {@code at-risk/<customerId>@<asOf>}. */
  public String stepKey() {
    return kind.idPrefix() + customerId + "@" + asOf;
  }

  /** This trigger's own key, cause included: the same cause on the same day is one trigger however often it is sent. */
  public String triggerKey() {
    return stepKey() + "/" + cause.label();
  }
}
