package io.vigil.activities.health;

import java.time.LocalDate;

/**
 * The last four weeks' direction: the day's score against the average score of the first week of
 * those four (days d-27 .. d-21). Five points or more up is improving, five or more down declining,
 * anything between stable. Without a score in that week there is no trend (null), never a guess.
 */
public enum HealthTrend {
  IMPROVING, STABLE, DECLINING;

  public static final int THRESHOLD = 5;

  /** The first week of the four weeks ending {@code asOf}. */
  public static LocalDate windowStart(LocalDate asOf) {
    return asOf.minusDays(27);
  }

  public static LocalDate windowFirstWeekEnd(LocalDate asOf) {
    return asOf.minusDays(21);
  }

  public static HealthTrend of(Integer score, Double firstWeekAverage) {
    if (score == null || firstWeekAverage == null) {
      return null;
    }
    double change = score - firstWeekAverage;
    if (change >= THRESHOLD) {
      return IMPROVING;
    }
    return change <= -THRESHOLD ? DECLINING : STABLE;
  }

  public String label() {
    return name().toLowerCase();
  }
}
