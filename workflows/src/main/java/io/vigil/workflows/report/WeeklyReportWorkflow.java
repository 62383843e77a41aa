package io.vigil.workflows.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Optional;

/**
 * The weekly report of one ISO week (docs/reports.md): compiles it once (kept per week), then posts
 * it to the report channel and emails it to every manager, each delivery keyed by week and
 * recipient, so a second run of the same week delivers nothing again.
 */
@WorkflowInterface
public interface WeeklyReportWorkflow {
  String TYPE = "WeeklyReport";
  String ID_PREFIX = "weekly-report/";

  /** {@code week} as {@code 2026-W48}. */
  @WorkflowMethod(name = TYPE)
  WeeklyReportResult run(String week);

  static String workflowId(IsoWeek week) {
    return ID_PREFIX + week;
  }

  /** The week a workflow id names, empty for ids of other workflows. */
  static Optional<IsoWeek> weekOf(String workflowId) {
    return workflowId != null && workflowId.startsWith(ID_PREFIX)
        ? IsoWeek.parse(workflowId.substring(ID_PREFIX.length())) : Optional.empty();
  }
}
