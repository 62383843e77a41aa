package io.vigil.workflows.risk;

import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * What both escalations answer, and their ids and start options, built in one place for both kinds.
 */
public interface HealthEscalation {
  /** A later trigger for the same customer while this runs or cools down: recorded as suppressed, never a second escalation. */
  @SignalMethod
  void reportTrigger(EscalationTrigger trigger);

  @QueryMethod
  EscalationState getState();

  /**
   * Whether {@code triggerKey} is this escalation's own trigger or one already reported to it: the
   * trigger then sends no signal, so a sweep page scored again adds nothing to the history.
   */
  @QueryMethod
  boolean hasTrigger(String triggerKey);

  static String workflowId(EscalationKind kind, String customerId) {
    return kind.idPrefix() + customerId;
  }

  static String customerIdOf(EscalationKind kind, String workflowId) {
    return PlaybookStarts.idAfter(kind.idPrefix(), workflowId);
  }

  static WorkflowOptions startOptions(EscalationTrigger trigger) {
    return PlaybookStarts.forCustomer(workflowId(trigger.kind(), trigger.customerId()), null,
        trigger.kind().title() + " for " + trigger.customerName() + " (" + trigger.cause().label() + "): " + trigger.summary(),
        trigger.customerId(), trigger.csmId(), trigger.severity());
  }
}
