package io.vigil.app.incidents;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.vigil.app.api.Limits;
import io.vigil.app.api.TypedBodies;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * The PRD 4.2 body, {@link GenericIncident}. Updates are ordered by updatedAt (else resolvedAt, else
 * startedAt); a redelivery is recognized by its Idempotency-Key header or, without one, by its body.
 */
@Singleton
public class GenericIncidents {
  private static final String STATUSES = "investigating|identified|monitoring|resolved";
  private static final int MAX_LISTED = 100;

  private final ComponentMapping components;
  private final TypedBodies bodies;

  public GenericIncidents(ComponentMapping components, TypedBodies bodies) {
    this.components = components;
    this.bodies = bodies;
  }

  /** {@code severity}: P1 to P4, also written 1 to 4 or in lower case. */
  @Introspected
  public record GenericIncident(
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String id,
      @NotBlank @Size(max = Limits.TITLE) String title,
      @NotNull @Pattern(regexp = STATUSES, message = "must be one of investigating, identified, monitoring, resolved")
      String status,
      @NotNull @Pattern(regexp = "\\s*[Pp]?[1-4]\\s*", message = "must be P1, P2, P3 or P4") String severity,
      @NotNull(message = "is required (an empty array when no component is known)")
      @Size(max = MAX_LISTED) List<@NotBlank @Size(max = 100) String> affectedComponents,
      @Nullable @Size(max = MAX_LISTED) List<@NotBlank @Size(max = 100) String> affectedRegions,
      @NotNull Instant startedAt,
      @Nullable Instant resolvedAt,
      @Nullable Instant updatedAt,
      @Nullable @Size(max = Limits.TEXT) String description,
      @Nullable @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL")
      String statusPageUrl) {}

  public ParsedEvent parse(String rawBody, String idempotencyKey) {
    GenericIncident incident = bodies.read(rawBody, GenericIncident.class);
    Instant occurredAt = incident.updatedAt() != null ? incident.updatedAt()
        : incident.resolvedAt() != null ? incident.resolvedAt() : incident.startedAt();
    return ParsedEvent.of(new IncidentUpdate(
        "generic", incident.id(),
        idempotencyKey != null && !idempotencyKey.isBlank() ? idempotencyKey : Secrets.sha256Hex(rawBody).substring(0, 32),
        occurredAt, incident.title().strip(), incident.description(), Severities.priority(incident.severity()),
        incident.status(), components.map(strip(incident.affectedComponents())),
        incident.affectedRegions() == null ? List.of() : strip(incident.affectedRegions()), incident.startedAt(),
        incident.resolvedAt(), incident.statusPageUrl()));
  }

  private static List<String> strip(List<String> values) {
    return values.stream().map(String::strip).toList();
  }
}
