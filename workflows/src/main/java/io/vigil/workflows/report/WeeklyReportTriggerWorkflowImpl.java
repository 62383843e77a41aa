package io.vigil.workflows.report;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;

/** The week is that of the run's start (UTC): the schedule's Friday run reports on its own week. */
public class WeeklyReportTriggerWorkflowImpl implements WeeklyReportTriggerWorkflow {

  @Override
  public WeeklyReportResult run() {
    IsoWeek week = IsoWeek.of(Instant.ofEpochMilli(Workflow.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate());
    WeeklyReportWorkflow report = Workflow.newChildWorkflowStub(WeeklyReportWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(WeeklyReportWorkflow.workflowId(week))
            // the report finishes its deliveries even if someone terminates the trigger
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .build());
    return report.run(week.toString());
  }
}
