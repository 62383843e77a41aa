package io.vigil.workflows.sweep;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change to the sweep, detecting its first page before it
 * rolls up. Replaying a recorded sweep in steps must fail with a non-determinism error.
 */
public class DetectFirstDetectionSweepWorkflowImpl extends DetectionSweepWorkflowImpl {
  @Override
  public SweepState run(SweepInput input) {
    Workflow.getVersion(STEPS_CHANGE, Workflow.DEFAULT_VERSION, 1);
    Workflow.newActivityStub(SweepActivities.class, ActivityProfiles.SWEEP_STEP)
        .detectPage(Workflow.getInfo().getWorkflowId(), SweepHarness.AS_OF, null);
    return super.run(input);
  }
}
