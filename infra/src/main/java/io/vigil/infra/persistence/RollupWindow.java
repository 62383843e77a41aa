package io.vigil.infra.persistence;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SortedMap;

/**
 * One customer's daily rollups over a run of days, as arrays: element {@code i} of each is the day
 * {@code start + i}, {@link #NO_ROLLUP} where {@code usage_metrics} (or {@code feature_usage_metrics}
 * for that feature) has no row for the day. A day outside the arrays has no rollup either.
 * {@code featureUses} holds the daily uses of each feature (by id) over the same days.
 */
public record RollupWindow(LocalDate start, int[] dau, int[] wau, int[] mau, int[] loginUsers, int[] loginWau,
    SortedMap<String, int[]> featureUses) {

  /** No rollup row for the day. Counts are never negative, so -1 cannot be a figure. */
  public static final int NO_ROLLUP = -1;

  public RollupWindow {
    int days = dau.length;
    if (wau.length != days || mau.length != days || loginUsers.length != days || loginWau.length != days
        || featureUses.values().stream().anyMatch(uses -> uses.length != days)) {
      throw new IllegalArgumentException("every array holds the same " + days + " days");
    }
  }

  /** The index of {@code day} in the arrays, or -1 when it lies outside them. */
  int index(LocalDate day) {
    long i = ChronoUnit.DAYS.between(start, day);
    return i < 0 || i >= dau.length ? -1 : (int) i;
  }

  /** {@code values[index]}, or {@link #NO_ROLLUP} for an index outside the arrays. */
  static int at(int[] values, int index) {
    return index < 0 ? NO_ROLLUP : values[index];
  }
}
