package io.vigil.workflows.expansion;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change, the kind a refactoring might make: it tells the CSM
 * before recording the signal, so replaying a recorded history must fail with a non-determinism error.
 */
public class NotifyFirstExpansionOpportunityWorkflowImpl extends ExpansionOpportunityWorkflowImpl {
  @Override
  public ExpansionState run(ExpansionTrigger trigger, ExpansionResume resume) {
    Workflow.newActivityStub(ExpansionActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyCsmOfExpansion(trigger.stepKey() + "/notify-csm", trigger);
    return super.run(trigger, resume);
  }
}
