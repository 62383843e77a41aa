package io.vigil.workflows.sweep;

import java.util.Map;
import java.util.TreeMap;

/**
 * Of the customers evaluated on a day in one group (the whole portfolio, or one country), how many
 * had a DAU drop above the rule's threshold: what tells a common-mode day from customers' own drops.
 */
public record DayTally(long evaluated, long dropped) {
  /** The group of every evaluated customer. */
  public static final String PORTFOLIO = "portfolio";

  /** The group of the customers following {@code country}'s calendar. */
  public static String country(String country) {
    return "country:" + country;
  }

  public DayTally plus(DayTally other) {
    return new DayTally(evaluated + other.evaluated, dropped + other.dropped);
  }

  /** {@code a} and {@code b} added up group by group; either may be null (nothing counted yet). */
  public static Map<String, DayTally> sum(Map<String, DayTally> a, Map<String, DayTally> b) {
    Map<String, DayTally> sum = new TreeMap<>();
    if (a != null) {
      sum.putAll(a);
    }
    if (b != null) {
      b.forEach((group, tally) -> sum.merge(group, tally, DayTally::plus));
    }
    return sum;
  }
}
