package io.vigil.app.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Temporal Schedule in line with its configured cron (UTC): creates it, or on every later
 * start sets its spec and action. What operators decide about a running schedule is theirs and kept
 * as it is: paused or not, the note given with it, and its overlap and catch-up policies. A cron
 * Temporal refuses stops the start with the variable to fix.
 */
@Singleton
public class Schedules {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

  private final ScheduleClient schedules;

  public Schedules(ScheduleClient schedules) {
    this.schedules = schedules;
  }

  /** {@code setting} names the variable the cron comes from, for the message when it is refused. */
  public void ensure(String scheduleId, String cron, String setting, ScheduleActionStartWorkflow action, String runs) {
    ScheduleSpec spec = ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build();
    try {
      try {
        schedules.createSchedule(scheduleId, Schedule.newBuilder().setAction(action).setSpec(spec).build(),
            ScheduleOptions.newBuilder().build());
        LOG.info("Created schedule {} ({} UTC)", scheduleId, cron);
      } catch (ScheduleAlreadyRunningException exists) {
        schedules.getHandle(scheduleId).update(input -> {
          Schedule current = input.getDescription().getSchedule();
          ScheduleState state = current.getState();
          if (state != null && state.isPaused()) {
            LOG.warn("Schedule {} is paused{}: no {} runs until it is unpaused "
                + "(temporal schedule toggle --schedule-id {} --unpause)", scheduleId,
                state.getNote() == null || state.getNote().isBlank() ? "" : " (\"" + state.getNote() + "\")", runs,
                scheduleId);
          }
          // the state (paused, note, remaining actions) and the policies travel unchanged
          return new ScheduleUpdate(Schedule.newBuilder(current).setAction(action).setSpec(spec).build());
        });
      }
    } catch (RuntimeException refused) {
      if (isInvalidArgument(refused)) {
        throw new IllegalStateException(setting + " \"" + cron + "\" is not a cron expression Temporal accepts "
            + "(five fields, UTC: minute hour day-of-month month day-of-week, e.g. \"0 15 * * 5\"): "
            + refused.getMessage(), refused);
      }
      throw refused;
    }
  }

  private static boolean isInvalidArgument(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
        return true;
      }
    }
    return false;
  }
}
