package io.vigil.workflows.sweep;

import java.time.LocalDate;

/**
 * A sweep's input, every field optional: {@code asOf} (default: yesterday, UTC, by the workflow's
 * clock), {@code maxHistoryEvents} (default {@link DetectionSweepWorkflowImpl#MAX_HISTORY_EVENTS}:
 * past it the run continues as new), and {@code resume}, the progress a continued run picks up.
 */
public record SweepInput(LocalDate asOf, Integer maxHistoryEvents, SweepState resume) {
  public static SweepInput asOf(LocalDate day) {
    return new SweepInput(day, null, null);
  }
}
