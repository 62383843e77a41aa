package io.vigil.app.incidents;

import io.vigil.workflows.incident.IncidentUpdate;

/** A webhook body turned into an update, or the reason it needs no action (e.g. a non-incident PagerDuty event). */
public record ParsedEvent(IncidentUpdate update, String ignoredBecause) {
  public static ParsedEvent of(IncidentUpdate update) {
    return new ParsedEvent(update, null);
  }

  public static ParsedEvent ignored(String reason) {
    return new ParsedEvent(null, reason);
  }
}
