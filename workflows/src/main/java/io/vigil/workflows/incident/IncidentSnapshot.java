package io.vigil.workflows.incident;

import java.util.List;

/** The incident as stored after applying an update: what the workflow decides on. */
public record IncidentSnapshot(
    String incidentId, String title, String severity, String status, List<String> components, List<String> regions) {

  public boolean resolved() {
    return "resolved".equals(status);
  }

  /** P1 is the most severe: a lower number is an upgrade. */
  public static int rank(String severity) {
    return IncidentSeverity.of(severity).rank();
  }
}
