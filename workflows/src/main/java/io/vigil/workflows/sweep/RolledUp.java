package io.vigil.workflows.sweep;

import java.time.LocalDate;

/**
 * What was rolled up before an evaluation: the days [{@code from}, {@code to}] (from and to null,
 * days 0, when nothing was due) for {@code customers} customers. Different customers may have
 * needed different spans; {@code from} is the earliest.
 */
public record RolledUp(LocalDate from, LocalDate to, int days, long customers) {
  public static final RolledUp NOTHING = new RolledUp(null, null, 0, 0);

  /**
   * Both spans together (a retried roll-up's earlier attempt and its own): the earliest start, the
   * latest end, and the larger customer count, since the two attempts' customers overlap.
   */
  public RolledUp plus(RolledUp other) {
    if (other == null || other.days == 0) {
      return this;
    }
    if (days == 0) {
      return other;
    }
    LocalDate start = from.isBefore(other.from) ? from : other.from;
    LocalDate end = to.isAfter(other.to) ? to : other.to;
    return new RolledUp(start, end, (int) (end.toEpochDay() - start.toEpochDay()) + 1, Math.max(customers, other.customers));
  }
}
