package io.vigil.workflows.sweep;

import java.util.Map;

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
}
