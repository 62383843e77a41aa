package io.vigil.workflows.escalation;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.BestEffort;
import java.util.List;

/**
 * The webhook first, retried by its profile until the receiver accepts (INTAKE_WEBHOOK, about eight
 * days); a refusal for good ends it as {@code failed}, recorded by the activity. Slack is a courtesy
 * copy: best effort.
 */
public class EscalationDeliveryWorkflowImpl implements EscalationDeliveryWorkflow {
  @Override
  public Delivered deliver(String escalationId, int version) {
    String key = EscalationDeliveryWorkflow.workflowId(escalationId, version);
    String webhook;
    try {
      webhook = activities(ActivityProfiles.INTAKE_WEBHOOK, "POST escalation " + escalationId + " v" + version
          + " to its intake webhook").deliverEscalationToWebhook(escalationId, version);
    } catch (ActivityFailure failure) {
      webhook = "failed";
      Workflow.getLogger(EscalationDeliveryWorkflowImpl.class)
          .warn("{}: the intake webhook did not accept: {}", key, BestEffort.reason(failure));
    }
    String slack = BestEffort.bestEffort(new BestEffort.Step(key + "/slack", List.of(), "escalation-slack",
            "the escalation was not posted to its Slack channel; the webhook delivery stands"),
        () -> activities(ActivityProfiles.NOTIFICATION, "Post escalation " + escalationId + " v" + version + " to Slack")
            .postEscalationToSlack(escalationId, version)).orElse("failed");
    return new Delivered(webhook, slack);
  }

  private static EscalationActivities activities(io.temporal.activity.ActivityOptions profile, String summary) {
    return Workflow.newActivityStub(EscalationActivities.class, ActivityProfiles.withSummary(profile, summary));
  }
}
