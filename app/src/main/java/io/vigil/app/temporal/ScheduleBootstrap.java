package io.vigil.app.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import io.vigil.app.roles.Role;
import jakarta.inject.Singleton;

/** The detection sweep's Temporal Schedule, on {@code vigil.detection.schedule} (cron, UTC; see {@link Schedules}). */
@Singleton
@Requires(property = "vigil.detection.schedule-enabled", notEquals = "false")
@Requires(property = Role.PROPERTY, notEquals = "worker")
public class ScheduleBootstrap {
  private final Schedules schedules;
  private final String cron;

  public ScheduleBootstrap(Schedules schedules, @Value("${vigil.detection.schedule:0 6 * * *}") String cron) {
    this.schedules = schedules;
    this.cron = cron;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    schedules.ensure(DetectionSweepWorkflow.SCHEDULE_ID, cron, "VIGIL_DETECTION_SCHEDULE",
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(DetectionSweepWorkflow.TYPE)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId("detection-sweep")
                .setTaskQueue(TaskQueues.PLAYBOOKS)
                .build())
            .build(),
        "detection sweep");
  }
}
