package io.vigil.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.app.api.Fields;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The PRD 4.2 body: {@code {id, title, status, severity, affectedComponents, affectedRegions?,
 * startedAt, resolvedAt?, updatedAt?}}. Updates are ordered by updatedAt (else resolvedAt, else
 * startedAt); a redelivery is recognized by its Idempotency-Key header or, without one, by its body.
 */
@Singleton
public class GenericIncidents {
  private static final Set<String> STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");
  private final ComponentMapping components;

  public GenericIncidents(ComponentMapping components) {
    this.components = components;
  }

  public ParsedEvent parse(JsonNode body, String rawBody, String idempotencyKey) {
    Fields f = new Fields(body);
    String id = f.text("id");
    String title = f.text("title");
    String status = f.oneOf("status", STATUSES);
    String severityText = f.text("severity");
    String severity = severityText == null ? null : Severities.priority(severityText);
    if (severityText != null && !severityText.trim().toUpperCase().matches("P?[1-4]")) {
      severity = null;
      f.fail("severity", "must be P1, P2, P3 or P4");
    }
    List<String> affected = f.optionalTextList("affectedComponents");
    if (affected == null && f.valid()) {
      f.fail("affectedComponents", "is required (an empty array when no component is known)");
    }
    List<String> regions = f.optionalTextList("affectedRegions");
    Instant startedAt = f.instant("startedAt");
    Instant resolvedAt = body != null && body.hasNonNull("resolvedAt") ? f.instant("resolvedAt") : null;
    Instant updatedAt = body != null && body.hasNonNull("updatedAt") ? f.instant("updatedAt") : null;
    f.throwIfInvalid();
    Instant occurredAt = updatedAt != null ? updatedAt : resolvedAt != null ? resolvedAt : startedAt;
    return ParsedEvent.of(new IncidentUpdate(
        "generic", id,
        idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : Secrets.sha256Hex(rawBody).substring(0, 32),
        occurredAt, title, body.path("description").asText(null), severity, status,
        components.map(affected), regions == null ? List.of() : regions, startedAt, resolvedAt,
        body.path("statusPageUrl").asText(null)));
  }
}
