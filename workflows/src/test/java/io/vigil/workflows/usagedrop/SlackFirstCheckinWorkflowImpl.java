package io.vigil.workflows.usagedrop;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change to the check-in, the kind a refactoring might make.
 * It sends the CSM's Slack DM before recording the risk signal, so the commands it issues no longer
 * match a recorded history and replaying one must fail with a non-determinism error.
 */
public class SlackFirstCheckinWorkflowImpl extends UsageDropCheckinWorkflowImpl {
  @Override
  public CheckinState run(UsageDropAlert alert, CheckinResume resume) {
    Workflow.newActivityStub(UsageDropActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyCsm(alert.alertKey() + "/notify-csm", alert);
    return super.run(alert, resume);
  }
}
