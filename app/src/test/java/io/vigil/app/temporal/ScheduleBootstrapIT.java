package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.vigil.app.TestInfrastructure;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restart does not undo what an operator decided about the detection schedule: paused stays
 * paused, with its note, while a changed cron is applied.
 */
class ScheduleBootstrapIT {

  @Test
  void givenAnOperatorPausedTheSchedule_whenVigilRestartsWithANewCron_itIsStillPausedWithItsNote() {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.worker.enabled", "false");
    try (ApplicationContext vigil = ApplicationContext.run(properties)) {
      handle(vigil).pause("holiday freeze");
    }

    properties.put("vigil.detection.schedule", "0 7 * * *");
    try (ApplicationContext restarted = ApplicationContext.run(properties)) {
      ScheduleHandle schedule = handle(restarted);
      try {
        ScheduleDescription description = schedule.describe();
        assertThat(description.getSchedule().getState().isPaused()).isTrue();
        assertThat(description.getSchedule().getState().getNote()).isEqualTo("holiday freeze");
        assertThat(description.getInfo().getNextActionTimes()).isNotEmpty()
            .allSatisfy(next -> assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(7));
      } finally {
        schedule.unpause("ScheduleBootstrapIT is done");
      }
    }
  }

  private static ScheduleHandle handle(ApplicationContext vigil) {
    return vigil.getBean(ScheduleClient.class).getHandle(DetectionSweepWorkflow.SCHEDULE_ID);
  }
}
