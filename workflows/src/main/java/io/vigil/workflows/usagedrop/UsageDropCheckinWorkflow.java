package io.vigil.workflows.usagedrop;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * One per customer, id {@code usage-drop/<customerId>}: the check-in and then its cooldown. Started
 * with {@code resume} null; a run continued as new in its cooldown gets what it needs to go on.
 */
@WorkflowInterface
public interface UsageDropCheckinWorkflow extends HoldsDrafts {
  String TYPE = "UsageDropCheckin";
  String ID_PREFIX = "usage-drop/";

  @WorkflowMethod(name = TYPE)
  CheckinState run(UsageDropAlert alert, CheckinResume resume);

  /** A later detection for the same customer: recorded as suppressed, never a second alert. */
  @SignalMethod
  void reportDetection(UsageDropAlert detection);

  @QueryMethod
  CheckinState getState();

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

  /** The check-in of {@code alert}, started by detection run {@code origin} (null: none). */
  static WorkflowOptions startOptions(UsageDropAlert alert, String origin) {
    return PlaybookStarts.forCustomer(workflowId(alert.customerId()), origin,
        "Usage drop check-in for " + alert.customerName() + " (" + alert.severity().label() + "): "
            + alert.primaryDrop().summary(),
        alert.customerId(), alert.csmId(), alert.severity());
  }

  /** A stub that starts the check-in of {@code alert}. */
  static UsageDropCheckinWorkflow starting(WorkflowClient client, UsageDropAlert alert, String origin) {
    return client.newWorkflowStub(UsageDropCheckinWorkflow.class, startOptions(alert, origin));
  }

  /** A stub on the customer's running check-in. */
  static UsageDropCheckinWorkflow running(WorkflowClient client, String customerId) {
    return client.newWorkflowStub(UsageDropCheckinWorkflow.class, workflowId(customerId));
  }
}
