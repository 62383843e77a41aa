package io.vigil.workflows.common;

import io.temporal.workflow.Workflow;

/**
 * How long a playbook's run may grow before it continues as new at its next safe point. Temporal
 * refuses a history past 50,000 events or 50 MB; a few thousand events keep a run quick to replay
 * on a worker that lost its cache, and the server's own suggestion ({@code isContinueAsNewSuggested})
 * counts too.
 */
public final class HistoryBudget {
  /** Events of one run before it continues as new; each detection, decision or round adds a handful. */
  public static final int MAX_EVENTS = 2_000;

  private HistoryBudget() {}

  /** Whether this run's history is past its budget (deterministic: read from the workflow task). */
  public static boolean spent() {
    return spent(MAX_EVENTS);
  }

  public static boolean spent(int maxEvents) {
    return Workflow.getInfo().getHistoryLength() >= maxEvents || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** The history's length now, for the current details of a run about to continue as new. */
  public static long events() {
    return Workflow.getInfo().getHistoryLength();
  }
}
