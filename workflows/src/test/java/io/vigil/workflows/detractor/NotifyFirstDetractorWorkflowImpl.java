package io.vigil.workflows.detractor;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change to the follow-up. It DMs the CSM before recording
 * the answer, so replaying a recorded history must fail with a non-determinism error.
 */
public class NotifyFirstDetractorWorkflowImpl extends DetractorFollowUpWorkflowImpl {
  @Override
  public DetractorState run(DetractorResponse response) {
    Workflow.newActivityStub(DetractorActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyCsm(response.key() + "/notify-csm", response, null);
    return super.run(response);
  }
}
