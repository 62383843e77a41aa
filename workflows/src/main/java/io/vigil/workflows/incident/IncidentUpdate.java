package io.vigil.workflows.incident;

import java.time.Instant;
import java.util.List;

/**
 * One incident event from any source, already mapped to Vigil's vocabulary: severity P1-P4,
 * status investigating/identified/monitoring/resolved (either null when the event does not say). {@code updateKey} identifies the delivery
 * (a redelivery carries the same key); {@code occurredAt} orders updates (an older one is stale).
 */
public record IncidentUpdate(
    String source,
    String externalId,
    String updateKey,
    Instant occurredAt,
    String title,
    String description,
    String severity,
    String status,
    List<String> components,
    List<String> regions,
    Instant startedAt,
    Instant resolvedAt,
    String statusPageUrl) {

  public boolean resolved() {
    return "resolved".equals(status);
  }
}
