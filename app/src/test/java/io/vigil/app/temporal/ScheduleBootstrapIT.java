package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.vigil.app.TestInfrastructure;
import io.vigil.workflows.report.WeeklyReportTriggerWorkflow;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restart does not undo what an operator decided about the detection schedule: paused stays
 * paused, with its note, while a changed cron is applied. The other ITs run without schedules
 * ({@link TestInfrastructure}); these enable them and delete them when done, so that no schedule
 * left on the shared dev server fires a real sweep in the middle of another test.
 */
class ScheduleBootstrapIT {

  @Test
  void givenAnOperatorPausedTheSchedule_whenVigilRestartsWithANewCron_itIsStillPausedWithItsNote() {
    Map<String, Object> properties = withSchedule("vigil.detection.schedule-enabled");
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
        schedule.delete();
      }
    }
  }

  @Test
  void givenAWeeklyReportCron_theWeeklyScheduleStartsTheTriggerOnIt() {
    Map<String, Object> properties = withSchedule("vigil.weekly-report.schedule-enabled");
    properties.put("vigil.weekly-report.schedule", "30 16 * * 4");
    try (ApplicationContext vigil = ApplicationContext.run(properties)) {
      ScheduleHandle weekly = vigil.getBean(ScheduleClient.class).getHandle(WeeklyReportTriggerWorkflow.SCHEDULE_ID);
      ScheduleDescription description = weekly.describe();
      weekly.delete();
      assertThat(((ScheduleActionStartWorkflow) description.getSchedule().getAction()).getWorkflowType())
          .isEqualTo(WeeklyReportTriggerWorkflow.TYPE);
      assertThat(description.getInfo().getNextActionTimes()).isNotEmpty().allSatisfy(next -> {
        assertThat(next.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
        assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(16);
        assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isEqualTo(30);
      });
    }
  }

  @Test
  void givenAWeeklyReportCronTemporalRefuses_vigilDoesNotStart_andSaysWhichVariableToFix() {
    Map<String, Object> properties = withSchedule("vigil.weekly-report.schedule-enabled");
    properties.put("vigil.weekly-report.schedule", "every friday");
    assertThatThrownBy(() -> ApplicationContext.run(properties).close())
        .satisfies(failure -> assertThat(StartupCauses.messages(failure))
            .anyMatch(m -> m.contains("VIGIL_WEEKLY_REPORT_SCHEDULE \"every friday\" is not a cron expression")));
  }

  /** The messages of a failure and its causes: Micronaut wraps what a startup listener throws. */
  private static final class StartupCauses {
    static java.util.List<String> messages(Throwable failure) {
      java.util.List<String> messages = new java.util.ArrayList<>();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        messages.add(String.valueOf(t.getMessage()));
      }
      return messages;
    }
  }

  /** An API instance's properties with the schedule {@code enabledProperty} switches on. */
  private static Map<String, Object> withSchedule(String enabledProperty) {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.role", "api");
    properties.put(enabledProperty, "true");
    return properties;
  }

  private static ScheduleHandle handle(ApplicationContext vigil) {
    return vigil.getBean(ScheduleClient.class).getHandle(DetectionSweepWorkflow.SCHEDULE_ID);
  }
}
