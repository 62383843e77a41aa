package io.vigil.workflows.escalation;

import io.temporal.client.WorkflowClient;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * An engineering escalation was marked fixed: each affected customer's CSM gets an "it is fixed" email
 * drafted for approval, and the workflow waits on every draft (approve sends once, reject drops it,
 * none expires it). Id {@code escalation/<id>/fixed}.
 */
@WorkflowInterface
public interface EscalationFixWorkflow extends HoldsDrafts {
  String PREFIX = "escalation/";
  String SUFFIX = "/fixed";

  /** {@code pageSize}: customers drafted for per activity. */
  record Fix(String escalationId, ApprovalPolicy approval, int pageSize) {}

  /** Answers how many drafts were held. */
  @WorkflowMethod
  int tellCustomers(Fix fix);

  static String workflowId(String escalationId) {
    return PREFIX + escalationId + SUFFIX;
  }

  static EscalationFixWorkflow starting(WorkflowClient client, String escalationId) {
    return client.newWorkflowStub(EscalationFixWorkflow.class, PlaybookStarts.options(workflowId(escalationId),
        "Escalation " + escalationId + " fixed: tell its customers", io.temporal.common.SearchAttributes.newBuilder().build()).build());
  }
}
