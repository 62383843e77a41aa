package io.vigil.activities.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SilenceRuleTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private final SilenceRule rule = new SilenceRule(30, Duration.ofDays(30));

  @Test
  void givenAYellowCustomer_29DaysWithoutContactIsNotSilentAnd30Is() {
    assertThat(rule.calls("yellow", AS_OF.minusDays(29), AS_OF)).isFalse();
    assertThat(rule.calls("yellow", AS_OF.minusDays(30), AS_OF)).isTrue();
    assertThat(SilenceRule.silentDays(AS_OF.minusDays(30), AS_OF)).isEqualTo(30);
  }

  @Test
  void givenAGreenOrRedOrUnscoredCustomer_noSilenceCallsForACheckIn() {
    assertThat(rule.calls("green", AS_OF.minusDays(90), AS_OF)).isFalse();
    assertThat(rule.calls("red", AS_OF.minusDays(90), AS_OF)).isFalse();
    assertThat(rule.calls(null, AS_OF.minusDays(90), AS_OF)).isFalse();
  }

  @Test
  void givenAConfiguredThreshold_itIsTheBoundary() {
    SilenceRule fortnight = new SilenceRule(14, Duration.ofDays(14));
    assertThat(fortnight.calls("yellow", AS_OF.minusDays(13), AS_OF)).isFalse();
    assertThat(fortnight.calls("yellow", AS_OF.minusDays(14), AS_OF)).isTrue();
    assertThatThrownBy(() -> new SilenceRule(0, Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
