package io.vigil.workflows.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What the weekly Temporal Schedule starts. A schedule gives its workflows ids of its own
 * ({@code weekly-report-schedule-<time>}), so this one works out the ISO week of its start time and
 * runs the report as the child {@code weekly-report/<week>}: the readable id, one per week.
 */
@WorkflowInterface
public interface WeeklyReportTriggerWorkflow {
  String TYPE = "WeeklyReportTrigger";
  String SCHEDULE_ID = "vigil-weekly-report";
  /** The id the schedule gives the trigger workflows (Temporal appends the scheduled time). */
  String WORKFLOW_ID = "weekly-report-schedule";

  @WorkflowMethod(name = TYPE)
  WeeklyReportResult run();
}
