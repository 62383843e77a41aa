package io.vigil.workflows.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What makes an incident worth telling every CSM about again: a reopening, a severity upgrade, new components. */
final class NotifiedChange {
  private NotifiedChange() {}

  /**
   * The change since the CSMs were last told of the incident at {@code notifiedSeverity} over
   * {@code notifiedComponents}, in words; null when nothing worth a re-notification changed.
   */
  static String since(IncidentSnapshot incident, boolean reopened, String notifiedSeverity, Set<String> notifiedComponents) {
    List<String> changes = new ArrayList<>();
    if (reopened) {
      changes.add("incident reopened");
    }
    if (IncidentSnapshot.rank(incident.severity()) < IncidentSnapshot.rank(notifiedSeverity)) {
      changes.add("severity raised " + notifiedSeverity + " → " + incident.severity());
    }
    Set<String> added = new TreeSet<>(incident.components());
    added.removeAll(notifiedComponents);
    if (!added.isEmpty()) {
      changes.add("newly affected: " + String.join(", ", added));
    }
    return changes.isEmpty() ? null : String.join("; ", changes);
  }
}
