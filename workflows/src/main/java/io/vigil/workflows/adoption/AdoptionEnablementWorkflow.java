package io.vigil.workflows.adoption;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * One per customer, id {@code adoption/<customerId>}: the enablement for the customer's stalled
 * features, then the 14-day follow-up that measures whether adoption moved. Started with {@code
 * resume} null; a run continued as new while waiting for the follow-up gets what it needs to go on.
 */
@WorkflowInterface
public interface AdoptionEnablementWorkflow extends HoldsDrafts {
  String TYPE = "AdoptionEnablement";
  String ID_PREFIX = "adoption/";

  @WorkflowMethod(name = TYPE)
  AdoptionState run(AdoptionAlert alert, EnablementResume resume);

  /** A later detection for the same customer while this runs: recorded as suppressed, never a second alert. */
  @SignalMethod
  void reportDetection(AdoptionAlert detection);

  @QueryMethod
  AdoptionState getState();

  /**
   * Whether a detection of {@code alertKey} was already reported to this workflow: the dispatcher
   * then sends no signal, so a detection repeated thousands of times adds nothing to the history.
   */
  @QueryMethod
  boolean hasDetection(String alertKey);

  static String workflowId(String customerId) {
    return ID_PREFIX + customerId;
  }

  static String customerIdOf(String workflowId) {
    return PlaybookStarts.idAfter(ID_PREFIX, workflowId);
  }

  /** The enablement of {@code alert}, started by detection run {@code origin} (null: none). */
  static WorkflowOptions startOptions(AdoptionAlert alert, String origin) {
    return PlaybookStarts.forCustomer(workflowId(alert.customerId()), origin,
        "Adoption enablement for " + alert.customerName() + " (" + alert.severity().label() + "): " + alert.summary(),
        alert.customerId(), alert.csmId(), alert.severity());
  }

  /** A stub that starts the enablement of {@code alert}. */
  static AdoptionEnablementWorkflow starting(WorkflowClient client, AdoptionAlert alert, String origin) {
    return client.newWorkflowStub(AdoptionEnablementWorkflow.class, startOptions(alert, origin));
  }

  /** A stub on the customer's running enablement. */
  static AdoptionEnablementWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(AdoptionEnablementWorkflow.class, workflowId(customerId));
  }
}
