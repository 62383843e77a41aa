package io.vigil.workflows.incident;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.PlaybookWorkflow;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The incident response. Runs started since {@value #BOUNDED} take {@link BoundedIncidentResponse}
 * (impact kept in the database and read in pages, drafts waited on together, continued as new
 * between updates); older runs replay and go on as {@link LegacyIncidentResponse}.
 */
public class IncidentResponseWorkflowImpl extends PlaybookWorkflow implements IncidentResponseWorkflow {
  /** Version 1: the bounded shape. */
  static final String BOUNDED = "bounded-impact";

  /** One way of responding, chosen once per run. */
  interface Shape {
    IncidentState run(IncidentPolicy policy);

    IncidentState getState();
  }

  private final Deque<IncidentUpdate> inbox = new ArrayDeque<>();
  private Shape shape;

  @Override
  public IncidentState run(IncidentPolicy policy, IncidentResume resume) {
    shape = Workflow.getVersion(BOUNDED, Workflow.DEFAULT_VERSION, 1) >= 1
        ? new BoundedIncidentResponse(approvalGate, inbox, resume)
        : new LegacyIncidentResponse(approvalGate, inbox);
    return shape.run(policy);
  }

  @Override
  public void postIncidentUpdate(IncidentUpdate update) {
    inbox.add(update);
  }

  @Override
  public IncidentState getState() {
    return shape == null
        ? new IncidentState(null, null, null, "waiting for the first update", 0, java.util.List.of(), 0, 0, null, 0)
        : shape.getState();
  }
}
