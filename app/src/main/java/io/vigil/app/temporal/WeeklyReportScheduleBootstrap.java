package io.vigil.app.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.report.WeeklyReportTriggerWorkflow;
import io.vigil.app.roles.Role;
import jakarta.inject.Singleton;

/**
 * The weekly report's Temporal Schedule, on {@code vigil.weekly-report.schedule} (cron, UTC; default
 * Fridays 15:00). It starts the trigger, which runs {@code weekly-report/<ISO week>} (see {@link Schedules}).
 */
@Singleton
@Requires(property = "vigil.weekly-report.schedule-enabled", notEquals = "false")
@Requires(property = Role.PROPERTY, notEquals = "worker")
public class WeeklyReportScheduleBootstrap {
  public static final String DEFAULT_CRON = "0 15 * * 5";

  private final Schedules schedules;
  private final String cron;

  public WeeklyReportScheduleBootstrap(Schedules schedules,
      @Value("${vigil.weekly-report.schedule:" + DEFAULT_CRON + "}") String cron) {
    this.schedules = schedules;
    this.cron = cron;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    schedules.ensure(WeeklyReportTriggerWorkflow.SCHEDULE_ID, cron, "VIGIL_WEEKLY_REPORT_SCHEDULE",
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(WeeklyReportTriggerWorkflow.TYPE)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(WeeklyReportTriggerWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.PLAYBOOKS)
                .build())
            .build(),
        "weekly report");
  }
}
