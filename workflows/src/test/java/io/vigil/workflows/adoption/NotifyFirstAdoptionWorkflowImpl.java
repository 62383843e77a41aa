package io.vigil.workflows.adoption;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import java.util.List;

/**
 * Test only: a deliberately incompatible change to the enablement, the kind a refactoring might
 * make. It DMs the CSM before recording the risk signal, so replaying a recorded history must fail
 * with a non-determinism error.
 */
public class NotifyFirstAdoptionWorkflowImpl extends AdoptionEnablementWorkflowImpl {
  @Override
  public AdoptionState run(AdoptionAlert alert, EnablementResume resume) {
    Workflow.newActivityStub(AdoptionActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyCsm(alert.alertKey() + "/notify-csm", alert, List.of());
    return super.run(alert, resume);
  }
}
