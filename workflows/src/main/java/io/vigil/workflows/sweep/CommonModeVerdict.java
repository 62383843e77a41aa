package io.vigil.workflows.sweep;

import java.util.List;

/**
 * What the common-mode check made of a sweep's day: the common-mode groups ({@code days}, empty on
 * an ordinary day), how many evaluated customers they held back from evaluation and how many of the
 * sweep's stored alerts were held (not dispatched) with them.
 */
public record CommonModeVerdict(List<CommonModeDay> days, long customersHeld, long alertsHeld) {
  public static final CommonModeVerdict NONE = new CommonModeVerdict(List.of(), 0, 0);
}
