package io.vigil.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trend rule: the day's score against the average of the first week of the four weeks. */
class HealthTrendTest {

  @ParameterizedTest(name = "{0} against {1}: {2}")
  @CsvSource({
      "80, 75.0, IMPROVING",
      "79, 75.0, STABLE",
      "71, 75.0, STABLE",
      "70, 75.0, DECLINING",
      "40, 75.5, DECLINING",
      "80, 75.5, STABLE",
      "81, 75.5, IMPROVING",
  })
  void givenTheScoreAndTheFirstWeeksAverage_theTrendFollowsTheFivePointRule(int score, double firstWeek, HealthTrend trend) {
    assertThat(HealthTrend.of(score, firstWeek)).isEqualTo(trend);
  }

  @Test
  void givenNoScoreOrNoFirstWeek_thereIsNoTrend() {
    assertThat(HealthTrend.of(null, 75.0)).isNull();
    assertThat(HealthTrend.of(75, null)).isNull();
  }

  @Test
  void theFirstWeekIsDays27To21BeforeTheDay() {
    LocalDate day = LocalDate.of(2026, 11, 28);
    assertThat(HealthTrend.windowStart(day)).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(HealthTrend.windowFirstWeekEnd(day)).isEqualTo(LocalDate.of(2026, 11, 7));
  }
}
