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
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the detection sweep's Temporal Schedule in line with {@code vigil.detection.schedule} (cron, UTC):
 * creates it, or on every later start sets its spec (the cron) and action. What operators decide
 * about a running schedule is theirs and kept as it is: paused or not, the note given with it, and
 * its overlap and catch-up policies.
 */
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
    ScheduleActionStartWorkflow action = ScheduleActionStartWorkflow.newBuilder()
        .setWorkflowType(DetectionSweepWorkflow.TYPE)
        .setOptions(WorkflowOptions.newBuilder()
            .setWorkflowId("detection-sweep")
            .setTaskQueue(TaskQueues.PLAYBOOKS)
            .build())
        .build();
    ScheduleSpec spec = ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build();
    try {
      schedules.createSchedule(DetectionSweepWorkflow.SCHEDULE_ID,
          Schedule.newBuilder().setAction(action).setSpec(spec).build(), ScheduleOptions.newBuilder().build());
      LOG.info("Created schedule {} ({} UTC)", DetectionSweepWorkflow.SCHEDULE_ID, cron);
    } catch (ScheduleAlreadyRunningException exists) {
      schedules.getHandle(DetectionSweepWorkflow.SCHEDULE_ID).update(input -> {
        Schedule current = input.getDescription().getSchedule();
        ScheduleState state = current.getState();
        if (state != null && state.isPaused()) {
          LOG.warn("Schedule {} is paused{}: no detection sweep runs until it is unpaused "
              + "(temporal schedule toggle --schedule-id {} --unpause)", DetectionSweepWorkflow.SCHEDULE_ID,
              state.getNote() == null || state.getNote().isBlank() ? "" : " (\"" + state.getNote() + "\")",
              DetectionSweepWorkflow.SCHEDULE_ID);
        }
        // the state (paused, note, remaining actions) and the policies travel unchanged
        return new ScheduleUpdate(Schedule.newBuilder(current).setAction(action).setSpec(spec).build());
      });
    }
  }
}
