package io.vigil.workflows.detractor;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.PlaybookStarts;

/**
 * One per detractor answer, id {@code detractor/<responseId>}: the CSM is told with the comment, a
 * follow-up task is due in two business days, a reply is held for approval, and the outcome is
 * recorded. A response id gets one follow-up ever: its start is claimed in the database before the
 * workflow is started, and the id may not be reused.
 */
@WorkflowInterface
public interface DetractorFollowUpWorkflow extends HoldsDrafts {
  String TYPE = "DetractorFollowUp";
  String ID_PREFIX = "detractor/";

  @WorkflowMethod(name = TYPE)
  DetractorState run(DetractorResponse response);

  @QueryMethod
  DetractorState getState();

  static String workflowId(String responseId) {
    return ID_PREFIX + responseId;
  }

  static String responseIdOf(String workflowId) {
    return PlaybookStarts.idAfter(ID_PREFIX, workflowId);
  }

  /** A second start for the same response is refused even after the first run closed. */
  static WorkflowOptions startOptions(DetractorResponse response) {
    return WorkflowOptions.newBuilder(PlaybookStarts.forCustomer(workflowId(response.responseId()), null,
            "Detractor follow-up for " + response.customerName() + ": NPS " + response.score() + " (response "
                + response.responseId() + ")", response.customerId(), response.csmId(), response.severity()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build();
  }

  static DetractorFollowUpWorkflow starting(WorkflowClient client, DetractorResponse response) {
    return client.newWorkflowStub(DetractorFollowUpWorkflow.class, startOptions(response));
  }

  static DetractorFollowUpWorkflow running(WorkflowClient client, String responseId) {
    return client.newWorkflowStub(DetractorFollowUpWorkflow.class, workflowId(responseId));
  }
}
