package io.vigil.workflows.incident;

import java.util.List;

/** What {@code getState} answers. */
public record IncidentState(
    String incidentId,
    String severity,
    String status,
    String stage,
    int affectedCustomers,
    List<String> notifiedCsms,
    int notificationRounds,
    int ignoredUpdates,
    String coordinationChannel) {}
