package io.vigil.workflows.risk;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change to the escalation, the kind a refactoring might make.
 * It tells the manager before recording the risk signal, so replaying a recorded history must fail
 * with a non-determinism error.
 */
public class NotifyFirstAtRiskEscalationWorkflowImpl extends AtRiskEscalationWorkflowImpl {
  @Override
  public EscalationState run(EscalationTrigger trigger, EscalationResume resume) {
    Workflow.newActivityStub(RiskEscalationActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyEscalation(trigger.stepKey() + "/notify-manager", trigger, EscalationRecipient.MANAGER);
    return super.run(trigger, resume);
  }
}
