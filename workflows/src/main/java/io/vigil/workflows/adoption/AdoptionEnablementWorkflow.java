package io.vigil.workflows.adoption;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;

/**
 * One per customer, id {@code adoption/<customerId>}: the enablement for the customer's stalled
 * features, then the 14-day follow-up that measures whether adoption moved. Started with {@code
 * resume} null; a run continued as new while waiting for the follow-up gets what it needs to go on.
 */
@WorkflowInterface
public interface AdoptionEnablementWorkflow extends HoldsDrafts {
  String TYPE = "AdoptionEnablement";

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
}
