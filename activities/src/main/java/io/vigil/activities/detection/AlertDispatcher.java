package io.vigil.activities.detection;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.vigil.workflows.common.Continuation;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.common.WorkflowIds;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Starts the customer's check-in workflow, or, when one is already running (in progress or in its
 * cooldown), hands it the detection to record as suppressed. Start-then-signal rather than
 * signal-with-start, because the caller must know which of the two happened.
 *
 * <p>Every start carries the detection run that made it in its memo ({@value #ORIGIN_MEMO}): a
 * sweep step retried after its start went through (the worker died before recording it) finds the
 * run it started itself, and counts the alert as started, not as suppressed by its own workflow.
 */
@Singleton
public class AlertDispatcher {
  /** Memo key naming the detection run (a sweep's id, or an API run's) that started a playbook workflow. */
  public static final String ORIGIN_MEMO = Continuation.ORIGIN_MEMO;

  private final WorkflowClient client;

  public AlertDispatcher(WorkflowClient client) {
    this.client = client;
  }

  /** {@code runId}: the run started, or the run that was signalled. */
  public record Dispatch(String workflowId, String runId, boolean started) {}

  public Dispatch dispatch(UsageDropAlert alert, String origin) {
    String workflowId = WorkflowIds.usageDrop(alert.customerId());
    return startOrSignal(workflowId, origin,
        () -> WorkflowClient.start(
            client.newWorkflowStub(UsageDropCheckinWorkflow.class, options(workflowId, origin, alert))::run, alert, null),
        () -> {
          UsageDropCheckinWorkflow running = client.newWorkflowStub(UsageDropCheckinWorkflow.class, workflowId);
          if (!alreadyReported(running::hasDetection, alert.alertKey())) {
            running.reportDetection(alert);
          }
        });
  }

  /**
   * Whether the running workflow already holds the detection of {@code alertKey} (detection run again
   * for the same day): then it is not signalled again, as every signal is an event in its history. A
   * query adds none. When the query cannot be answered the signal goes anyway: the workflow records
   * each alert once whatever it is sent. A workflow that just closed throws {@link
   * WorkflowNotFoundException}, for {@link #startOrSignal} to start afresh.
   */
  public static boolean alreadyReported(Predicate<String> hasDetection, String alertKey) {
    try {
      return hasDetection.test(alertKey);
    } catch (WorkflowNotFoundException closed) {
      throw closed;
    } catch (WorkflowException unanswered) {
      return false;
    }
  }

  /**
   * Any playbook's start-or-signal: {@code start} the workflow (with {@link #memo(String)} of
   * {@code origin} in its options), or when a run with this id is open, answer it as started when
   * {@code origin} started it, and otherwise {@code signal} it the detection.
   */
  public Dispatch startOrSignal(String workflowId, String origin, Supplier<WorkflowExecution> start, Runnable signal) {
    for (int attempt = 0; ; attempt++) {
      try {
        return new Dispatch(workflowId, start.get().getRunId(), true);
      } catch (WorkflowExecutionAlreadyStarted running) {
        String runId = running.getExecution().getRunId();
        if (startedBy(origin, workflowId, runId)) {
          return new Dispatch(workflowId, runId, true);
        }
        try {
          signal.run();
          return new Dispatch(workflowId, runId, false);
        } catch (WorkflowNotFoundException justFinished) {
          if (attempt >= 3) {
            throw justFinished;
          }
          // the workflow ended between our start and our signal: start afresh
        }
      }
    }
  }

  /** The memo every start by a detection run carries. */
  public static Map<String, Object> memo(String origin) {
    return Map.of(ORIGIN_MEMO, origin);
  }

  /** Whether the open run {@code runId} of {@code workflowId} was started by {@code origin}. */
  boolean startedBy(String origin, String workflowId, String runId) {
    if (origin == null || runId == null || runId.isEmpty()) {
      return false;
    }
    try {
      Object memo = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty())
          .describe().getMemo(ORIGIN_MEMO, String.class);
      return origin.equals(memo);
    } catch (WorkflowNotFoundException gone) {
      return false;
    }
  }

  private static WorkflowOptions options(String workflowId, String origin, UsageDropAlert alert) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setMemo(memo(origin))
        .setStaticSummary(TemporalLimits.summary("Usage drop check-in for " + alert.customerName() + " ("
            + alert.severity().label() + "): " + alert.primaryDrop().summary()))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID, TemporalLimits.keyword(alert.customerId()))
            .set(io.vigil.workflows.common.SearchAttributes.CSM_ID, TemporalLimits.keyword(alert.csmId()))
            .set(io.vigil.workflows.common.SearchAttributes.SEVERITY, alert.severity().label())
            .build())
        .build();
  }
}
