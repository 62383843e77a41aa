package io.vigil.workflows.incident;

/** What applying an update did: {@code applied}, or ignored as a {@code duplicate} or {@code stale} one. */
public record AppliedUpdate(String outcome, IncidentSnapshot incident) {
  public boolean applied() {
    return "applied".equals(outcome);
  }
}
