package io.vigil.workflows.sweep;

import java.util.Map;
import java.util.TreeMap;

/**
 * One page of detection: the customers after the cursor up to {@code lastCustomerId} (the next
 * cursor), how many were evaluated, how many skipped and why ({@code holiday}, {@code
 * notEnoughHistory}, {@code baselineTooSmall}), how many alerts the page stored for dispatch, and
 * the evaluated customers' DAU drops by group ({@code tallies}; null from workers before common-mode
 * days). {@code last}: no customers follow.
 */
public record DetectedPage(String lastCustomerId, boolean last, int customers, int evaluated,
    Map<String, Integer> skipped, int alerts, Map<String, DayTally> tallies) {
  public DetectedPage(String lastCustomerId, boolean last, int customers, int evaluated, Map<String, Integer> skipped,
      int alerts) {
    this(lastCustomerId, last, customers, evaluated, skipped, alerts, null);
  }

  /** This page and the one after it as one: the next page's cursor, the counts and tallies of both. */
  public DetectedPage plus(DetectedPage next) {
    Map<String, Integer> bothSkipped = new TreeMap<>(skipped);
    next.skipped().forEach((reason, n) -> bothSkipped.merge(reason, n, Integer::sum));
    return new DetectedPage(next.lastCustomerId(), next.last(), customers + next.customers(),
        evaluated + next.evaluated(), bothSkipped, alerts + next.alerts(), DayTally.sum(tallies, next.tallies()));
  }
}
