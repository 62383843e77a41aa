package io.vigil.workflows.testing;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of one workflow id from its first run on, following continue-as-new: what the bounded
 * history tests measure (each run's event count and size).
 */
public final class HistoryChain {
  private HistoryChain() {}

  /** One run's history: its run id, its number of events and its size in bytes as the server stores it. */
  public record Run(String runId, int events, int bytes, WorkflowExecutionHistory history) {
    public boolean continuedAsNew() {
      List<HistoryEvent> all = history.getEvents();
      return all.get(all.size() - 1).getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
    }
  }

  public static List<Run> runs(WorkflowClient client, String workflowId, String firstRunId) {
    List<Run> runs = new ArrayList<>();
    String runId = firstRunId;
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(workflowId, runId);
      Run run = new Run(runId, history.getEvents().size(), history.getHistory().getSerializedSize(), history);
      runs.add(run);
      runId = run.continuedAsNew()
          ? history.getLastEvent().getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
          : null;
    }
    return runs;
  }

  /**
   * {@link #runs} once the workflow's current run is no longer {@code firstRunId}: a run continues as
   * new only with the continue-as-new at the end of its history. Waits on the current run's id rather
   * than on the chain, whose first run, flooded with signals, is a 3 MB history that polled every
   * 20 ms kept the in-process server busy serializing it.
   */
  public static List<Run> afterContinueAsNew(WorkflowClient client, String workflowId, String firstRunId) {
    Waiting.until("the run " + firstRunId + " to continue as new", () -> client.newUntypedWorkflowStub(workflowId)
        .describe().getRawDescription().getWorkflowExecutionInfo().getExecution().getRunId(),
        current -> !current.equals(firstRunId));
    // the in-process server may name the new run before the first run's history ends with its
    // continue-as-new: the chain is read again until it does (a fetch or two, no longer a poll of 3 MB)
    return Waiting.until("the history of " + firstRunId + " to end with its continue-as-new",
        () -> runs(client, workflowId, firstRunId), chain -> chain.size() > 1);
  }

  public static int largestEvents(List<Run> runs) {
    return runs.stream().mapToInt(Run::events).max().orElse(0);
  }

  public static int largestBytes(List<Run> runs) {
    return runs.stream().mapToInt(Run::bytes).max().orElse(0);
  }
}
