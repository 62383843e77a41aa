package io.vigil.workflows.incident;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;

/**
 * Test only: a deliberately incompatible change to the incident response, the kind a refactoring
 * might make. It analyzes the incident's impact before applying the first update, so the commands it
 * issues no longer match a recorded history and replaying one must fail with a non-determinism
 * error.
 */
public class ImpactFirstIncidentResponseWorkflowImpl extends IncidentResponseWorkflowImpl {
  private IncidentUpdate first;

  @Override
  public void postIncidentUpdate(IncidentUpdate update) {
    if (first == null) {
      first = update;
    }
    super.postIncidentUpdate(update);
  }

  @Override
  public IncidentState run(IncidentPolicy policy, IncidentResume resume) {
    Workflow.await(() -> first != null);
    Workflow.newActivityStub(IncidentActivities.class, ActivityProfiles.DATABASE)
        .analyzeImpact(IncidentResponseWorkflow.incidentId(first.source(), first.externalId()));
    return super.run(policy, resume);
  }
}
