package io.vigil.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.app.api.ApiError;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Opsgenie webhook integration ({@code {action, alert: {...}}}). Action Create/UnAcknowledge →
 * investigating, Acknowledge → identified, Close → resolved; other actions (notes, tags,
 * priority changes) leave the status as it is. Priority is read leniently (3, "3", "P3"; absent
 * keeps it, P3 for a new incident). Tags are affected components; {@code region:<name>} tags are
 * regions.
 */
@Singleton
public class OpsgenieAlerts {
  private final ComponentMapping components;
  private final Clock clock;

  public OpsgenieAlerts(ComponentMapping components, Clock clock) {
    this.components = components;
    this.clock = clock;
  }

  public ParsedEvent parse(JsonNode body) {
    JsonNode alert = body.path("alert");
    String action = body.path("action").asText(null);
    if (action == null || action.isBlank()) {
      throw ApiError.badRequest("action", "is required");
    }
    if (!alert.isObject() || alert.path("alertId").asText("").isBlank()) {
      throw ApiError.badRequest("alert.alertId", "is required");
    }
    String status = switch (action) {
      case "Create", "UnAcknowledge" -> "investigating";
      case "Acknowledge" -> "identified";
      case "Close" -> "resolved";
      default -> null;
    };
    Instant updatedAt = alert.path("updatedAt").canConvertToLong() && alert.path("updatedAt").asLong() > 0
        ? Severities.epoch(alert.path("updatedAt").asLong()) : clock.instant();
    Instant createdAt = alert.path("createdAt").canConvertToLong() && alert.path("createdAt").asLong() > 0
        ? Severities.epoch(alert.path("createdAt").asLong()) : updatedAt;
    List<String> tags = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    alert.path("tags").forEach(tag -> {
      String t = tag.asText("");
      if (t.startsWith("region:")) {
        regions.add(t.substring("region:".length()));
      } else if (!t.isBlank()) {
        tags.add(t);
      }
    });
    JsonNode priority = alert.path("priority");
    String severity = priority.isMissingNode() || priority.isNull() ? null
        : Severities.priority(priority.isNumber() ? priority.asInt() : priority.asText());
    String alertId = alert.get("alertId").asText();
    return ParsedEvent.of(new IncidentUpdate(
        "opsgenie", alertId,
        alertId + ":" + action + ":" + alert.path("updatedAt").asText(String.valueOf(updatedAt.toEpochMilli())),
        updatedAt,
        alert.path("message").asText(null),
        alert.path("description").asText(null),
        severity,
        status,
        components.map(tags),
        regions,
        createdAt,
        "resolved".equals(status) ? updatedAt : null,
        null));
  }
}
