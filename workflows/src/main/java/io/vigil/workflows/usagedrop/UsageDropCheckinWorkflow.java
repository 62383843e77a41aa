package io.vigil.workflows.usagedrop;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;

/**
 * One per customer, id {@code usage-drop/<customerId>}: the check-in and then its cooldown. Started
 * with {@code resume} null; a run continued as new in its cooldown gets what it needs to go on.
 */
@WorkflowInterface
public interface UsageDropCheckinWorkflow extends HoldsDrafts {
  String TYPE = "UsageDropCheckin";

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
}
