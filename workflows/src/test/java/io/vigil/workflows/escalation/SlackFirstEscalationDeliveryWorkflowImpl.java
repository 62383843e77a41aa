package io.vigil.workflows.escalation;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/** A changed delivery that posts to Slack before the webhook: must fail to replay the recorded histories. */
public class SlackFirstEscalationDeliveryWorkflowImpl implements EscalationDeliveryWorkflow {
  @Override
  public Delivered deliver(String escalationId, int version) {
    EscalationActivities a = Workflow.newActivityStub(EscalationActivities.class, ActivityProfiles.NOTIFICATION);
    String slack = a.postEscalationToSlack(escalationId, version);
    return new Delivered(a.deliverEscalationToWebhook(escalationId, version), slack);
  }
}
