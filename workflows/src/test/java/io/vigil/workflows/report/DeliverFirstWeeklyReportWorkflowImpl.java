package io.vigil.workflows.report;

import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.SearchAttributes;

/** A wrong change for the negative replay test: it asks for the recipients before compiling. */
public class DeliverFirstWeeklyReportWorkflowImpl implements WeeklyReportWorkflow {
  @Override
  public WeeklyReportResult run(String week) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.REPORT_WEEK.valueSet(week));
    WeeklyReportActivities steps = Workflow.newActivityStub(WeeklyReportActivities.class, ActivityProfiles.DATABASE);
    steps.recipients();
    steps.compile(week);
    return new WeeklyReportResult(week, 0, 0, 0);
  }
}
