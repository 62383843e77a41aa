package io.vigil.app;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.ArrayList;
import java.util.List;

/**
 * The summaries of a workflow as the server holds them: its own static summary and every
 * activity's. Temporal's {@code limit.userMetadataSummarySize} (400 bytes, counted on the payload)
 * is not enforced by every server version, so tests check the sizes themselves.
 */
final class WorkflowSummaries {
  static final int LIMIT = 400;

  record Summary(String text, int payloadBytes) {}

  private WorkflowSummaries() {}

  /** The workflow's static summary, as described by the server. */
  static Summary ofWorkflow(WorkflowClient client, String workflowId) {
    var description = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
    return summary(description.getExecutionConfig().getUserMetadata().getSummary());
  }

  /** Every summary in the history of the workflow's latest run: its own and each activity's. */
  static List<Summary> inHistory(WorkflowClient client, String workflowId) {
    List<Summary> summaries = new ArrayList<>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.hasUserMetadata() && event.getUserMetadata().hasSummary()) {
        summaries.add(summary(event.getUserMetadata().getSummary()));
      }
    }
    return summaries;
  }

  private static Summary summary(Payload payload) {
    return new Summary(GlobalDataConverter.get().fromPayload(payload, String.class, String.class),
        payload.getSerializedSize());
  }
}
