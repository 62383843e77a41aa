package io.vigil.workflows.sweep;

import io.vigil.workflows.common.ActivityProfiles;
import io.temporal.workflow.Workflow;

/**
 * Test only: the sweep in steps without its {@code sweep-in-steps} version gate, the mistake the
 * gate prevents. A sweep that started as one activity cannot replay on it.
 */
public class UngatedDetectionSweepWorkflowImpl implements DetectionSweepWorkflow {
  @Override
  public SweepState run(SweepInput input) {
    Workflow.newActivityStub(SweepActivities.class, ActivityProfiles.SWEEP_STEP).rollUp(SweepHarness.AS_OF);
    return null;
  }

  @Override
  public SweepState getState() {
    return null;
  }
}
