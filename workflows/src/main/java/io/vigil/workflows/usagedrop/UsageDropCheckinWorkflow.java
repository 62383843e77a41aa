package io.vigil.workflows.usagedrop;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;

/** One per customer, id {@code usage-drop/<customerId>}: the check-in and then its cooldown. */
@WorkflowInterface
public interface UsageDropCheckinWorkflow extends HoldsDrafts {
  String TYPE = "UsageDropCheckin";

  @WorkflowMethod(name = TYPE)
  CheckinState run(UsageDropAlert alert);

  /** A later detection for the same customer: recorded as suppressed, never a second alert. */
  @SignalMethod
  void reportDetection(UsageDropAlert detection);

  @QueryMethod
  CheckinState getState();
}
