package io.vigil.activities.detection;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.common.WorkflowIds;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import jakarta.inject.Singleton;

/**
 * Starts the customer's check-in workflow, or, when one is already running (in progress or in its
 * cooldown), hands it the detection to record as suppressed. Start-then-signal rather than
 * signal-with-start, because the caller must know which of the two happened.
 */
@Singleton
public class AlertDispatcher {
  private final WorkflowClient client;

  public AlertDispatcher(WorkflowClient client) {
    this.client = client;
  }

  public record Dispatch(String workflowId, boolean started) {}

  public Dispatch dispatch(UsageDropAlert alert) {
    String workflowId = WorkflowIds.usageDrop(alert.customerId());
    return startOrSignal(workflowId,
        () -> WorkflowClient.start(client.newWorkflowStub(UsageDropCheckinWorkflow.class, options(workflowId, alert))::run, alert),
        () -> client.newWorkflowStub(UsageDropCheckinWorkflow.class, workflowId).reportDetection(alert));
  }

  /**
   * Any playbook's start-or-signal: {@code start} the workflow, or when a run with this id is open,
   * {@code signal} it the detection instead.
   */
  public Dispatch startOrSignal(String workflowId, Runnable start, Runnable signal) {
    for (int attempt = 0; ; attempt++) {
      try {
        start.run();
        return new Dispatch(workflowId, true);
      } catch (WorkflowExecutionAlreadyStarted running) {
        try {
          signal.run();
          return new Dispatch(workflowId, false);
        } catch (WorkflowNotFoundException justFinished) {
          if (attempt >= 3) {
            throw justFinished;
          }
          // the workflow ended between our start and our signal: start afresh
        }
      }
    }
  }

  private static WorkflowOptions options(String workflowId, UsageDropAlert alert) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(TemporalLimits.summary("Usage drop check-in for " + alert.customerName() + " (" + alert.severity().label() + "): "
            + alert.primaryDrop().summary()))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID, TemporalLimits.keyword(alert.customerId()))
            .set(io.vigil.workflows.common.SearchAttributes.CSM_ID, TemporalLimits.keyword(alert.csmId()))
            .set(io.vigil.workflows.common.SearchAttributes.SEVERITY, alert.severity().label())
            .build())
        .build();
  }
}
