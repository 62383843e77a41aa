package io.vigil.workflows.risk;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per customer, id {@code at-risk/<customerId>}: the health-band path: a customer turning red, or yellow with a declining trend, escalated once to the CSM's manager; the outcome 30 days
 * later; then a cooldown in which further triggers are recorded as suppressed (docs/health.md).
 */
@WorkflowInterface
public interface AtRiskEscalationWorkflow extends HealthEscalation {
  String TYPE = "AtRiskEscalation";
  EscalationKind KIND = EscalationKind.AT_RISK;

  @WorkflowMethod(name = TYPE)
  EscalationState run(EscalationTrigger trigger, EscalationResume resume);

  static String workflowId(String customerId) {
    return HealthEscalation.workflowId(KIND, customerId);
  }

  static String customerIdOf(String workflowId) {
    return HealthEscalation.customerIdOf(KIND, workflowId);
  }

  static WorkflowOptions startOptions(EscalationTrigger trigger) {
    return HealthEscalation.startOptions(trigger);
  }

  /** A stub that starts the escalation of {@code trigger}. */
  static AtRiskEscalationWorkflow starting(WorkflowClient client, EscalationTrigger trigger) {
    return client.newWorkflowStub(AtRiskEscalationWorkflow.class, startOptions(trigger));
  }

  /** A stub on the customer's running escalation. */
  static AtRiskEscalationWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(AtRiskEscalationWorkflow.class, workflowId(customerId));
  }
}
