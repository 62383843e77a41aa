package io.vigil.app.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the detection sweep's Temporal Schedule in line with {@code vigil.detection.schedule} (cron, UTC). */
@Singleton
@Requires(property = "vigil.detection.schedule-enabled", notEquals = "false")
public class ScheduleBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleBootstrap.class);

  private final ScheduleClient schedules;
  private final String cron;

  public ScheduleBootstrap(ScheduleClient schedules, @Value("${vigil.detection.schedule:0 6 * * *}") String cron) {
    this.schedules = schedules;
    this.cron = cron;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(DetectionSweepWorkflow.TYPE)
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId("detection-sweep")
                .setTaskQueue(TaskQueues.PLAYBOOKS)
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .build();
    try {
      schedules.createSchedule(DetectionSweepWorkflow.SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
      LOG.info("Created schedule {} ({} UTC)", DetectionSweepWorkflow.SCHEDULE_ID, cron);
    } catch (ScheduleAlreadyRunningException exists) {
      schedules.getHandle(DetectionSweepWorkflow.SCHEDULE_ID).update(input -> new ScheduleUpdate(schedule));
    }
  }
}
