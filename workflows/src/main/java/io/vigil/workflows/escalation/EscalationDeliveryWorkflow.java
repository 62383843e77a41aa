package io.vigil.workflows.escalation;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;

/**
 * Delivers one version of an escalation to its type's destinations (docs/insights.md, "Escalations"):
 * the intake webhook, retried until accepted, and the Slack channel. One workflow per version, id
 * {@code escalation/<id>/delivery/<version>}: a second start of the same version is refused by
 * Temporal, so a version is never delivered twice.
 */
@WorkflowInterface
public interface EscalationDeliveryWorkflow {
  String PREFIX = "escalation/";
  String DELIVERY = "/delivery/";

  /** What each destination answered: {@code delivered}, {@code skipped} (not configured) or {@code failed}. */
  record Delivered(String webhook, String slack) {}

  @WorkflowMethod
  Delivered deliver(String escalationId, int version);

  static String workflowId(String escalationId, int version) {
    return PREFIX + escalationId + DELIVERY + version;
  }

  /** The escalation id of a delivery's workflow id. */
  static String escalationIdOf(String workflowId) {
    if (!workflowId.startsWith(PREFIX) || !workflowId.contains(DELIVERY)) {
      throw new IllegalArgumentException("not an escalation delivery workflow id: " + workflowId);
    }
    return workflowId.substring(PREFIX.length(), workflowId.lastIndexOf(DELIVERY));
  }

  /** A version's id may never run again, even after it finished or failed: its delivery is done once. */
  static WorkflowOptions startOptions(String escalationId, int version, String summary) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(escalationId, version))
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(TemporalLimits.summary(summary))
        .build();
  }

  static EscalationDeliveryWorkflow starting(WorkflowClient client, String escalationId, int version, String summary) {
    return client.newWorkflowStub(EscalationDeliveryWorkflow.class, startOptions(escalationId, version, summary));
  }
}
