package io.vigil.workflows.expansion;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * One per customer, id {@code expansion/<customerId>}: a customer ready for expansion (seats nearly
 * all used, or usage grown; docs/health.md) gets an {@code expansion_opportunity} risk signal and a
 * DM to its CSM with the evidence; the run then stays open for its cooldown, recording every later
 * trigger as suppressed, never a second DM.
 */
@WorkflowInterface
public interface ExpansionOpportunityWorkflow {
  String TYPE = "ExpansionOpportunity";
  String ID_PREFIX = "expansion/";
  /**
   * The Severity search attribute and the risk signal's severity: good news, so none of the drop
   * severities (medium, high, critical), which would rank it among the risks.
   */
  String SEVERITY = "positive";

  @WorkflowMethod(name = TYPE)
  ExpansionState run(ExpansionTrigger trigger, ExpansionResume resume);

  /** A later trigger for the customer during the cooldown: recorded as suppressed. */
  @SignalMethod
  void reportOpportunity(ExpansionTrigger trigger);

  /** Whether {@code triggerKey} is this run's own trigger or one already reported: then it is not signalled again. */
  @QueryMethod
  boolean hasTrigger(String triggerKey);

  @QueryMethod
  ExpansionState getState();

  static String workflowId(String customerId) {
    return ID_PREFIX + customerId;
  }

  static String customerIdOf(String workflowId) {
    return PlaybookStarts.idAfter(ID_PREFIX, workflowId);
  }

  static WorkflowOptions startOptions(ExpansionTrigger trigger) {
    return PlaybookStarts.forCustomer(workflowId(trigger.customerId()), null,
        "Expansion opportunity for " + trigger.customerName() + ": " + trigger.summary(),
        trigger.customerId(), trigger.csmId(), SEVERITY);
  }

  static ExpansionOpportunityWorkflow starting(WorkflowClient client, ExpansionTrigger trigger) {
    return client.newWorkflowStub(ExpansionOpportunityWorkflow.class, startOptions(trigger));
  }

  static ExpansionOpportunityWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(ExpansionOpportunityWorkflow.class, workflowId(customerId));
  }
}
