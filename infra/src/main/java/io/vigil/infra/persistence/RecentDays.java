package io.vigil.infra.persistence;

/**
 * The days since a DAU drop began, as the detection query sees them: the run of days ending on the
 * evaluated day in which no business day reached its usual DAU (the same weekday's trimmed mean over
 * the baseline weeks). {@code userDays} is their active user-days, {@code usual} what the baseline
 * expects for those weekdays, {@code days} how many calendar days back the run reaches.
 */
public record RecentDays(double userDays, double usual, int days) {

  /** The run when the query found one (it reports one only when it holds at least two business days), else null. */
  static RecentDays of(Double userDays, Double usual, Double days) {
    return userDays == null || usual == null || days == null ? null : new RecentDays(userDays, usual, days.intValue());
  }
}
