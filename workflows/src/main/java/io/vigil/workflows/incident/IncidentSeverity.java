package io.vigil.workflows.incident;

import java.util.Locale;

/**
 * An incident's severity as Vigil stores it ({@code product_incidents.severity}) and carries it in
 * updates and histories: {@code "P1"} (the most severe) to {@code "P4"}, written by {@link #name()}.
 */
public enum IncidentSeverity {
  P1,
  P2,
  P3,
  P4;

  /** What an incident is taken to be until an update says otherwise. */
  public static final IncidentSeverity UNKNOWN = P3;

  public static IncidentSeverity of(String label) {
    return valueOf(label.trim().toUpperCase(Locale.ROOT));
  }

  /** 1 for P1: a lower rank is an upgrade. */
  public int rank() {
    return ordinal() + 1;
  }

  /** P1 and P2: worth a coordination channel and the urgent emoji. */
  public boolean major() {
    return rank() <= P2.rank();
  }
}
