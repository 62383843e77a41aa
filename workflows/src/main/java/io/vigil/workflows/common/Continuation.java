package io.vigil.workflows.common;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;

/**
 * A playbook's run continued as new keeps what others read it by: its search attributes (the Web
 * UI's and the API's filters) and the memo naming the detection run that started it (a retried
 * dispatch recognizes its own start by it). Temporal copies neither by itself.
 */
public final class Continuation {
  private Continuation() {}

  /** Continues this workflow as a new run of the same type with {@code args}; does not return. */
  public static void continueAsNew(Object... args) {
    ContinueAsNewOptions.Builder options = ContinueAsNewOptions.newBuilder()
        .setTypedSearchAttributes(Workflow.getTypedSearchAttributes());
    Object origin = Workflow.getMemo(PlaybookStarts.ORIGIN_MEMO, String.class);
    if (origin != null) {
      options.setMemo(PlaybookStarts.memo(origin.toString()));
    }
    Workflow.continueAsNew(options.build(), args);
  }
}
