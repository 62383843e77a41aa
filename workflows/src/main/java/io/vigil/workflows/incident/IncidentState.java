package io.vigil.workflows.incident;

import java.util.List;

/**
 * What {@code getState} answers. {@code ignoredUpdates}: duplicates and stale ones; {@code
 * failedUpdates}: updates that could not be applied (their data refused) and were skipped.
 */
public record IncidentState(
    String incidentId,
    String severity,
    String status,
    String stage,
    int affectedCustomers,
    List<String> notifiedCsms,
    int notificationRounds,
    int ignoredUpdates,
    String coordinationChannel,
    int failedUpdates) {}
