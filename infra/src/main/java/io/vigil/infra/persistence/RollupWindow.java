package io.vigil.infra.persistence;

import java.time.LocalDate;
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
    if (wau.length != days || mau.length != days || loginUsers.length != days || loginWau.length != days) {
      throw new IllegalArgumentException("every array holds the same " + days + " days");
    }
    for (int[] uses : featureUses.values()) { // a loop, not a stream: once per customer of every detection
      if (uses.length != days) {
        throw new IllegalArgumentException("every array holds the same " + days + " days");
      }
    }
  }

  /** {@code values[index]}, or {@link #NO_ROLLUP} for an index outside the arrays. */
  static int at(int[] values, int index) {
    return index < 0 ? NO_ROLLUP : values[index];
  }
}
