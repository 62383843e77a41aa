package io.vigil.workflows.expansion;

import static io.vigil.workflows.expansion.ExpansionHarness.AS_OF;
import static io.vigil.workflows.expansion.ExpansionHarness.CUSTOMER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.vigil.workflows.testing.StepFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The expansion opportunity against a time-skipping test server, every activity mocked: the 30-day
 * cooldown is a workflow timer, skipped here and checked against the recorded times.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExpansionOpportunityWorkflowTest {
  /** Activities run in wall-clock milliseconds; this bounds how late a step may be after its due time. */
  private static final Duration SLACK = Duration.ofMinutes(1);
  private static final String KEY = "expansion/" + CUSTOMER_ID + "@" + AS_OF;

  @Test
  void givenACustomerReadyForExpansion_theSignalIsRecordedThenTheCsmToldOnce() {
    try (ExpansionHarness h = new ExpansionHarness()) {
      ExpansionTrigger trigger = h.trigger();
      h.start(trigger);
      ExpansionState cooling = h.awaitStage("cooling down");

      assertThat(h.callNames()).containsExactly("recordExpansionOpportunity", "notifyCsmOfExpansion");
      verify(h.expansion).recordExpansionOpportunity(KEY + "/risk-signal", trigger);
      verify(h.expansion).notifyCsmOfExpansion(KEY + "/notify-csm", trigger);
      assertThat(cooling.asOf()).isEqualTo(AS_OF);
      assertThat(Duration.between(cooling.openedAt(), cooling.cooldownUntil())).isEqualTo(ExpansionHarness.COOLDOWN);
    }
  }

  @Test
  void givenTriggersDuringTheCooldown_eachIsRecordedOnceAsSuppressedAndTheCsmIsNotToldAgain() {
    try (ExpansionHarness h = new ExpansionHarness()) {
      ExpansionTrigger first = h.trigger();
      h.start(first);
      h.awaitStage("cooling down");
      assertThat(h.running().hasTrigger(first.triggerKey())).isTrue();

      h.env.sleep(Duration.ofDays(1));
      ExpansionTrigger nextDay = h.trigger(AS_OF.plusDays(1));
      h.running().reportOpportunity(nextDay);
      h.running().reportOpportunity(nextDay);
      h.awaitState("one suppressed trigger", s -> s.suppressedTriggers() == 1);
      assertThat(h.running().hasTrigger(nextDay.triggerKey())).isTrue();
      h.env.sleep(Duration.ofDays(20));
      ExpansionTrigger later = h.trigger(AS_OF.plusDays(21));
      h.running().reportOpportunity(later);
      ExpansionState done = h.result();

      assertThat(done.stage()).isEqualTo("done");
      assertThat(done.suppressedTriggers()).isEqualTo(2);
      verify(h.expansion).recordSuppressedExpansion(eq(nextDay.triggerKey() + "/suppressed"), eq(nextDay),
          contains("cools down until"));
      verify(h.expansion).recordSuppressedExpansion(eq(later.triggerKey() + "/suppressed"), eq(later), anyString());
      verify(h.expansion, times(1)).recordExpansionOpportunity(anyString(), any());
      verify(h.expansion, times(1)).notifyCsmOfExpansion(anyString(), any());
    }
  }

  @Test
  void thirtyDaysOn_theCooldownEndsAndTheWorkflowCloses() {
    try (ExpansionHarness h = new ExpansionHarness()) {
      h.start(h.trigger());
      ExpansionState done = h.result();
      Instant startedAt = h.startedAt();

      assertThat(Duration.between(startedAt, done.cooldownUntil())).isBetween(Duration.ofDays(30), Duration.ofDays(30).plus(SLACK));
      assertThat(Duration.between(done.cooldownUntil(), h.onlyCallTime("log:expansion_cooldown_ended")))
          .isBetween(Duration.ZERO, SLACK);
      assertThat(done.suppressedTriggers()).isZero();
    }
  }

  @Test
  void givenSlackAndEmailRefusingTheDm_theFailureIsRecordedAndTheOpportunityStands() {
    try (ExpansionHarness h = new ExpansionHarness()) {
      doThrow(StepFailures.permanent("Slack chat.postMessage failed: invalid_auth; Google messages.send failed with HTTP 403"))
          .when(h.expansion).notifyCsmOfExpansion(anyString(), any());
      h.start(h.trigger());
      h.awaitStage("cooling down");

      assertThat(StepFailures.of(h.activityLog, "notify-csm").reason()).contains("invalid_auth");
      verify(h.expansion).recordExpansionOpportunity(anyString(), any());
    }
  }
}
