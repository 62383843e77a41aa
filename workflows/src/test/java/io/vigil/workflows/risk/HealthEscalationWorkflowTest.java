package io.vigil.workflows.risk;

import static io.vigil.workflows.risk.EscalationHarness.AS_OF;
import static io.vigil.workflows.risk.EscalationHarness.CSM_ID;
import static io.vigil.workflows.risk.EscalationHarness.CUSTOMER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.testing.StepFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;

/**
 * Both escalations against a time-skipping test server, every activity mocked: the 30-day outcome
 * and the 30-day cooldown are workflow timers, skipped here and checked against the recorded times.
 * The bound is generous: the first test of a cold JVM on a loaded machine spends most of it loading classes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HealthEscalationWorkflowTest {
  /** Activities run in wall-clock milliseconds; this bounds how late a step may be after its due time. */
  private static final Duration SLACK = Duration.ofMinutes(1);

  @Test
  void givenARedCustomer_theAtRiskEscalationRecordsTheSignalTellsOnlyTheManagerOnceAndCreatesTheRetentionPlanTask() {
    try (EscalationHarness h = new EscalationHarness(EscalationKind.AT_RISK)) {
      EscalationTrigger trigger = h.trigger();
      h.start(trigger);
      h.awaitStage("waiting for the outcome");
      String key = "at-risk/" + CUSTOMER_ID + "@" + AS_OF;

      assertThat(h.callNames()).containsExactly("recordEscalation", "notifyEscalation:manager", "createTask");
      verify(h.escalation).recordEscalation(key + "/risk-signal", trigger);
      verify(h.escalation).notifyEscalation(key + "/notify-manager", trigger, EscalationRecipient.MANAGER);
      ArgumentCaptor<NewTask> task = ArgumentCaptor.forClass(NewTask.class);
      verify(h.tasks).createTask(task.capture());
      assertThat(task.getValue().idempotencyKey()).isEqualTo(key + "/task");
      assertThat(task.getValue().assigneeId()).isEqualTo(CSM_ID);
      assertThat(task.getValue().title()).startsWith("Retention plan for Globex");
      assertThat(task.getValue().priority()).isEqualTo(TaskPriority.HIGH);
      assertThat(task.getValue().workflowId()).isEqualTo("at-risk/" + CUSTOMER_ID);
      assertThat(Duration.between(h.startedAt(), task.getValue().dueAt())).isBetween(Duration.ofDays(3), Duration.ofDays(3).plus(SLACK));
    }
  }

  @Test
  void givenACancellationRequest_theChurnRiskEscalationAlertsTheCsmAndTheManagerAtOnce() {
    try (EscalationHarness h = new EscalationHarness(EscalationKind.CHURN_RISK)) {
      EscalationTrigger trigger = h.trigger();
      h.start(trigger);
      h.awaitStage("waiting for the outcome");
      String key = "churn-risk/" + CUSTOMER_ID + "@" + AS_OF;

      assertThat(h.callNames()).containsExactly("recordEscalation", "notifyEscalation:csm", "notifyEscalation:manager",
          "createTask");
      verify(h.escalation).notifyEscalation(key + "/notify-csm", trigger, EscalationRecipient.CSM);
      verify(h.escalation).notifyEscalation(key + "/notify-manager", trigger, EscalationRecipient.MANAGER);
      assertThat(Duration.between(h.startedAt(), h.onlyCallTime("notifyEscalation:manager"))).isLessThan(SLACK);
      ArgumentCaptor<NewTask> task = ArgumentCaptor.forClass(NewTask.class);
      verify(h.tasks).createTask(task.capture());
      assertThat(task.getValue().priority()).isEqualTo(TaskPriority.URGENT);
      assertThat(Duration.between(h.startedAt(), task.getValue().dueAt())).isBetween(Duration.ofDays(1), Duration.ofDays(1).plus(SLACK));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(EscalationOutcome.class)
  void thirtyDaysOn_theOutcomeIsRecordedThenTheCooldownRunsThirtyDaysMore(EscalationOutcome measured) {
    for (EscalationKind kind : EscalationKind.values()) {
      try (EscalationHarness h = new EscalationHarness(kind)) {
        h.answerOutcomeWith(measured);
        EscalationTrigger trigger = h.trigger();
        h.start(trigger);
        EscalationState done = h.result();
        Instant startedAt = h.startedAt();

        assertThat(done.outcome()).isEqualTo(measured);
        assertThat(done.stage()).isEqualTo("done");
        Instant measuredAt = h.onlyCallTime("recordEscalationOutcome");
        assertThat(Duration.between(startedAt, measuredAt)).isBetween(Duration.ofDays(30), Duration.ofDays(30).plus(SLACK));
        verify(h.escalation).recordEscalationOutcome(kind.idPrefix() + CUSTOMER_ID + "@" + AS_OF + "/outcome", trigger,
            done.escalatedAt());
        assertThat(Duration.between(measuredAt, done.cooldownUntil())).isBetween(Duration.ofDays(30), Duration.ofDays(30).plus(SLACK));
        assertThat(Duration.between(done.cooldownUntil(), h.onlyCallTime("log:escalation_cooldown_ended")))
            .isBetween(Duration.ZERO, SLACK);
        verify(h.escalation, times(1)).recordEscalation(anyString(), any());
      }
    }
  }

  @Test
  void givenTriggersWhileWaitingAndCoolingDown_eachIsRecordedOnceAsSuppressedAndNothingIsEscalatedAgain() {
    try (EscalationHarness h = new EscalationHarness(EscalationKind.AT_RISK)) {
      EscalationTrigger first = h.trigger();
      h.start(first);
      h.awaitStage("waiting for the outcome");
      assertThat(h.running().hasTrigger(first.triggerKey())).isTrue();

      h.env.sleep(Duration.ofDays(1));
      EscalationTrigger nextDay = h.trigger(AS_OF.plusDays(1), EscalationCause.RED_SCORE);
      h.running().reportTrigger(nextDay);
      h.running().reportTrigger(nextDay);
      h.awaitState("one suppressed trigger", s -> s.suppressedTriggers() == 1);
      assertThat(h.running().hasTrigger(nextDay.triggerKey())).isTrue();

      h.env.sleep(Duration.ofDays(35));
      h.awaitStage("cooling down");
      EscalationTrigger inCooldown = h.trigger(AS_OF.plusDays(36), EscalationCause.YELLOW_DECLINING);
      h.running().reportTrigger(inCooldown);
      EscalationState done = h.result();

      assertThat(done.suppressedTriggers()).isEqualTo(2);
      verify(h.escalation).recordSuppressedEscalation(eq(nextDay.triggerKey() + "/suppressed"), eq(nextDay),
          contains("waiting for its outcome"));
      verify(h.escalation).recordSuppressedEscalation(eq(inCooldown.triggerKey() + "/suppressed"), eq(inCooldown),
          contains("cooling down until"));
      verify(h.escalation, times(1)).recordEscalation(anyString(), any());
      verify(h.escalation, times(1)).notifyEscalation(anyString(), any(), any());
    }
  }

  @Test
  void givenSlackAndEmailRefusingTheManagersMessage_theFailureIsRecordedAndTheTaskStillCreated() {
    try (EscalationHarness h = new EscalationHarness(EscalationKind.AT_RISK)) {
      doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
          .when(h.escalation).notifyEscalation(anyString(), any(), any());
      h.start(h.trigger());
      h.awaitStage("waiting for the outcome");

      assertThat(StepFailures.of(h.activityLog, "notify-manager").reason()).contains("invalid_auth");
      verify(h.tasks).createTask(any());
    }
  }
}
