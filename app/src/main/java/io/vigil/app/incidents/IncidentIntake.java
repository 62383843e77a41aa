package io.vigil.app.incidents;

import io.micronaut.context.annotation.Value;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.vigil.workflows.common.ApprovalPolicy;
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
      @Value("${vigil.incidents.close-unresolved-after:30d}") Duration closeUnresolvedAfter,
      @Value("${vigil.incidents.page-size:200}") int pageSize) {
    this.client = client;
    this.policy = new IncidentPolicy(approvalPolicy, followUpAfter, closeUnresolvedAfter, pageSize);
  }

  public record Accepted(String incidentId, String workflowId, String runId, String updateKey) {}

  public Accepted accept(IncidentUpdate update) {
    String workflowId = IncidentResponseWorkflow.workflowId(update.source(), update.externalId());
    String incidentId = IncidentResponseWorkflow.incidentId(update.source(), update.externalId());
    IncidentResponseWorkflow workflow = IncidentResponseWorkflow.starting(client, update);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::run, policy, null);
    request.add(workflow::postIncidentUpdate, update);
    WorkflowExecution execution = client.signalWithStart(request);
    return new Accepted(incidentId, workflowId, execution.getRunId(), update.updateKey());
  }
}
