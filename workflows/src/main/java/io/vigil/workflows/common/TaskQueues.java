package io.vigil.workflows.common;

/** Task queue names, shared by the worker and every client that starts workflows. */
public final class TaskQueues {
  public static final String PLAYBOOKS = "vigil-playbooks";

  private TaskQueues() {}
}
