package io.vigil.workflows.sweep;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Where a sweep is, and its result once {@code DONE}: counts and a cursor, never alerts (those
 * stay in PostgreSQL). {@code skipped} counts customers not evaluated by reason ({@code weekend} or
 * {@code holiday} for every customer on a day that is not evaluated, with {@code skipReason};
 * {@code notEnoughHistory}, {@code baselineTooSmall}); {@code started} and {@code suppressed}
 * count alerts (one per customer); {@code runs} counts the runs the sweep took (continue-as-new).
 * {@code tallies}: the evaluated customers' DAU drops by group, as detection adds them up;
 * {@code commonMode}: the common-mode days found once detection is done (their customers are
 * counted as skipped, {@code commonMode}, and their alerts held). Both null in sweeps that started
 * before common-mode days.
 * {@code healthPages} and {@code healthScored}: the health step's pages and the customers it scored.
 * {@code slices} and {@code nextSlice}: how the customers were split for the workers (null in sweeps
 * that run page after page: those that started before the {@code sweep-fan-out} version) and the
 * first slice the current stage has not done yet.
 */
public record SweepState(
    String sweepId,
    LocalDate asOf,
    SweepStage stage,
    RolledUp rolledUp,
    long customers,
    String cursor,
    int pages,
    long evaluated,
    Map<String, Long> skipped,
    String skipReason,
    long alerts,
    int batches,
    long started,
    long suppressed,
    long adoptionEvaluated,
    long adoptionStarted,
    long adoptionSuppressed,
    int runs,
    Map<String, DayTally> tallies,
    List<CommonModeDay> commonMode,
    int healthPages,
    long healthScored,
    SweepSlices slices,
    int nextSlice) {

  /** The answer of a sweep run before it ran in steps: one activity did everything. */
  static SweepState ofLegacy(String sweepId, SweepSummary summary) {
    return new SweepState(sweepId, summary.asOf(), SweepStage.DONE, null, summary.evaluated(), null, 1,
        summary.evaluated(), Map.of(), summary.skipped(),
        summary.alertsStarted() + summary.suppressed(), 1, summary.alertsStarted(), summary.suppressed(), 0,
        summary.adoptionAlertsStarted(), summary.adoptionSuppressed(), 1, null, null, 0, 0, null, 0);
  }
}
