package io.vigil.workflows.risk;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/** Test only: the churn-risk escalation telling the CSM before recording the risk signal; must not replay. */
public class NotifyFirstChurnRiskEscalationWorkflowImpl extends ChurnRiskEscalationWorkflowImpl {
  @Override
  public EscalationState run(EscalationTrigger trigger, EscalationResume resume) {
    Workflow.newActivityStub(RiskEscalationActivities.class, ActivityProfiles.NOTIFICATION)
        .notifyEscalation(trigger.stepKey() + "/notify-csm", trigger, EscalationRecipient.CSM);
    return super.run(trigger, resume);
  }
}
