package io.vigil.workflows.common;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * A playbook's run continued as new keeps what others read it by: its search attributes (the Web
 * UI's and the API's filters) and the memo naming the detection run that started it (a retried
 * dispatch recognizes its own start by it). Temporal copies neither by itself.
 */
public final class Continuation {
  /** Memo key naming the detection run (a sweep's id, or an API run's) that started a playbook workflow. */
  public static final String ORIGIN_MEMO = "detectionRun";

  private Continuation() {}

  /** Continues this workflow as a new run of the same type with {@code args}; does not return. */
  public static void continueAsNew(Object... args) {
    ContinueAsNewOptions.Builder options = ContinueAsNewOptions.newBuilder()
        .setTypedSearchAttributes(Workflow.getTypedSearchAttributes());
    Object origin = Workflow.getMemo(ORIGIN_MEMO, String.class);
    if (origin != null) {
      options.setMemo(Map.of(ORIGIN_MEMO, origin));
    }
    Workflow.continueAsNew(options.build(), args);
  }
}
