package io.vigil.app.incidents;

import io.micronaut.context.annotation.Value;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.common.WorkflowIds;
import io.vigil.workflows.incident.IncidentPolicy;
import io.vigil.workflows.incident.IncidentResponseWorkflow;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Hands every incident event to its workflow by signal-with-start: the first event starts
 * {@code incident/<source>/<externalId>}, later ones signal it, and a resolved-and-finished
 * incident that comes back starts a new run. Returns only once Temporal has durably accepted the
 * event, so a webhook answered 2xx is never lost.
 */
@Singleton
public class IncidentIntake {
  private final WorkflowClient client;
  private final IncidentPolicy policy;

  public IncidentIntake(WorkflowClient client, ApprovalPolicy approvalPolicy,
      @Value("${vigil.incidents.follow-up-after:2d}") Duration followUpAfter,
      @Value("${vigil.incidents.close-unresolved-after:30d}") Duration closeUnresolvedAfter) {
    this.client = client;
    this.policy = new IncidentPolicy(approvalPolicy, followUpAfter, closeUnresolvedAfter);
  }

  public record Accepted(String incidentId, String workflowId, String runId, String updateKey) {}

  public Accepted accept(IncidentUpdate update) {
    String workflowId = WorkflowIds.incident(update.source(), update.externalId());
    String incidentId = WorkflowIds.incidentId(update.source(), update.externalId());
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder()
        .set(io.vigil.workflows.common.SearchAttributes.INCIDENT_ID, TemporalLimits.keyword(incidentId));
    if (update.severity() != null) {
      attributes.set(io.vigil.workflows.common.SearchAttributes.SEVERITY, TemporalLimits.keyword(update.severity()));
    }
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(attributes.build())
        .setStaticSummary(TemporalLimits.summary(
            "Incident response: " + (update.title() == null ? update.externalId() : update.title())
                + " (" + update.source() + (update.severity() == null ? "" : ", " + update.severity()) + ")"))
        .build();
    IncidentResponseWorkflow workflow = client.newWorkflowStub(IncidentResponseWorkflow.class, options);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::run, policy);
    request.add(workflow::postIncidentUpdate, update);
    WorkflowExecution execution = client.signalWithStart(request);
    return new Accepted(incidentId, workflowId, execution.getRunId(), update.updateKey());
  }
}
