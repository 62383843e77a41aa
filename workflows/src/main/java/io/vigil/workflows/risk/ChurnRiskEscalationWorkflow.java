package io.vigil.workflows.risk;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per customer, id {@code churn-risk/<customerId>}: a churn cause (a cancellation or downgrade request, a usage drop over 50%): the CSM and the manager alerted at once; the outcome 30 days
 * later; then a cooldown in which further triggers are recorded as suppressed (docs/health.md).
 */
@WorkflowInterface
public interface ChurnRiskEscalationWorkflow extends HealthEscalation {
  String TYPE = "ChurnRiskEscalation";
  EscalationKind KIND = EscalationKind.CHURN_RISK;

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
  static ChurnRiskEscalationWorkflow starting(WorkflowClient client, EscalationTrigger trigger) {
    return client.newWorkflowStub(ChurnRiskEscalationWorkflow.class, startOptions(trigger));
  }

  /** A stub on the customer's running escalation. */
  static ChurnRiskEscalationWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(ChurnRiskEscalationWorkflow.class, workflowId(customerId));
  }
}
