package io.vigil.workflows.incident;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.vigil.workflows.common.HoldsDrafts;

/**
 * One per incident, id {@code incident/<source>/<externalId>}, started and fed by signal-with-start:
 * every webhook event arrives as {@code postIncidentUpdate}. Ends after the resolution's follow-ups;
 * an incident reopened later starts a new run.
 */
@WorkflowInterface
public interface IncidentResponseWorkflow extends HoldsDrafts {
  String TYPE = "IncidentResponse";

  @WorkflowMethod(name = TYPE)
  IncidentState run(IncidentPolicy policy);

  @SignalMethod
  void postIncidentUpdate(IncidentUpdate update);

  @QueryMethod
  IncidentState getState();
}
