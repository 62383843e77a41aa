package io.vigil.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.app.api.ApiError;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty webhooks V3 ({@code {"event": {event_type, occurred_at, data: incident}}}). Status:
 * triggered/unacknowledged/reopened → investigating, acknowledged → identified, resolved →
 * resolved. Priority P1-P3 as is, P4 and P5 → P4; without a priority (PagerDuty sends null when
 * priorities are off) urgency high → P2, low → P3. The service's name is the affected component.
 */
@Singleton
public class PagerDutyEvents {
  private static final Map<String, String> STATUS = Map.of(
      "triggered", "investigating", "acknowledged", "identified", "resolved", "resolved");

  private final ComponentMapping components;

  public PagerDutyEvents(ComponentMapping components) {
    this.components = components;
  }

  public ParsedEvent parse(JsonNode body, String webhookId) {
    JsonNode event = body.path("event");
    if (!event.isObject()) {
      throw ApiError.badRequest("event", "is required: a PagerDuty V3 webhook payload");
    }
    String type = event.path("event_type").asText("");
    if (!"incident".equals(event.path("resource_type").asText("incident")) || !type.startsWith("incident.")) {
      return ParsedEvent.ignored("not an incident event: " + type);
    }
    JsonNode data = event.path("data");
    String id = data.path("id").asText(null);
    if (id == null || id.isBlank()) {
      throw ApiError.badRequest("event.data.id", "is required");
    }
    Instant occurredAt = instant(event.path("occurred_at"), "event.occurred_at");
    String status = switch (type) {
      case "incident.reopened", "incident.unacknowledged" -> "investigating";
      default -> STATUS.get(data.path("status").asText(""));
    };
    String severity = Severities.priority(data.path("priority").path("summary").asText(null));
    if (severity == null && data.has("urgency")) {
      severity = "high".equals(data.path("urgency").asText()) ? "P2" : "P3";
    }
    String service = data.path("service").path("summary").asText(null);
    return ParsedEvent.of(new IncidentUpdate(
        "pagerduty", id,
        webhookId != null && !webhookId.isBlank() ? webhookId : event.path("id").asText(id + "@" + occurredAt),
        occurredAt,
        data.path("title").asText(null),
        null,
        severity,
        status,
        components.map(service == null ? List.of() : List.of(service)),
        List.of(),
        data.hasNonNull("created_at") ? instant(data.get("created_at"), "event.data.created_at") : occurredAt,
        "resolved".equals(status) ? occurredAt : null,
        data.path("html_url").asText(null)));
  }

  static Instant instant(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw ApiError.badRequest(field, "is required: an ISO-8601 time");
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(value.asText()).toInstant();
      } catch (DateTimeParseException again) {
        throw ApiError.badRequest(field, "must be an ISO-8601 time");
      }
    }
  }
}
