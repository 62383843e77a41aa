package io.vigil.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.app.api.ApiError;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Atlassian Statuspage webhooks: incident updates and component updates. Statuspage sends no
 * delivery id, so an incident update's key is the incident id with its newest update's id, and a
 * component update's key is its own id. Impact critical → P1, major → P2, minor → P3, none → P4;
 * status postmortem/completed → resolved, in_progress → identified, verifying → monitoring. A
 * component update alone is an incident of that component: major_outage P1, partial_outage P2,
 * degraded_performance P3, under_maintenance P4, operational resolves it.
 */
@Singleton
public class StatuspageEvents {
  private static final Map<String, String> IMPACT = Map.of("critical", "P1", "major", "P2", "minor", "P3", "none", "P4",
      "maintenance", "P4");
  private static final Map<String, String> STATUS = Map.of("investigating", "investigating", "identified", "identified",
      "monitoring", "monitoring", "resolved", "resolved", "postmortem", "resolved", "completed", "resolved",
      "in_progress", "identified", "verifying", "monitoring", "scheduled", "investigating");
  private static final Map<String, String> COMPONENT_SEVERITY = Map.of("major_outage", "P1", "partial_outage", "P2",
      "degraded_performance", "P3", "under_maintenance", "P4", "operational", "P4");

  private final ComponentMapping components;

  public StatuspageEvents(ComponentMapping components) {
    this.components = components;
  }

  public ParsedEvent parse(JsonNode body) {
    if (body.path("incident").isObject()) {
      return incident(body.get("incident"));
    }
    if (body.path("component_update").isObject() && body.path("component").isObject()) {
      return component(body.get("component_update"), body.get("component"));
    }
    throw ApiError.badRequest("incident", "is required (or component_update with component): a Statuspage webhook payload");
  }

  private ParsedEvent incident(JsonNode incident) {
    String id = incident.path("id").asText("");
    if (id.isBlank()) {
      throw ApiError.badRequest("incident.id", "is required");
    }
    String status = STATUS.get(incident.path("status").asText(""));
    if (status == null) {
      throw ApiError.badRequest("incident.status", "unknown Statuspage status " + incident.path("status").asText());
    }
    JsonNode latest = null;
    for (JsonNode update : incident.path("incident_updates")) {
      if (latest == null || update.path("created_at").asText("").compareTo(latest.path("created_at").asText("")) > 0) {
        latest = update;
      }
    }
    List<String> names = new ArrayList<>();
    incident.path("components").forEach(c -> names.add(c.path("name").asText(null)));
    if (latest != null) {
      latest.path("affected_components").forEach(c -> names.add(c.path("name").asText(null)));
    }
    Instant occurredAt = latest != null && latest.hasNonNull("created_at")
        ? PagerDutyEvents.instant(latest.get("created_at"), "incident.incident_updates.created_at")
        : PagerDutyEvents.instant(incident.path("updated_at"), "incident.updated_at");
    String impact = incident.hasNonNull("impact_override") ? incident.get("impact_override").asText() : incident.path("impact").asText("");
    return ParsedEvent.of(new IncidentUpdate(
        "statuspage", id,
        id + ":" + (latest == null ? incident.path("updated_at").asText() : latest.path("id").asText()),
        occurredAt,
        incident.path("name").asText(null),
        latest == null ? null : latest.path("body").asText(null),
        IMPACT.get(impact),
        status,
        components.map(names),
        List.of(),
        incident.hasNonNull("created_at") ? PagerDutyEvents.instant(incident.get("created_at"), "incident.created_at") : occurredAt,
        incident.hasNonNull("resolved_at") ? PagerDutyEvents.instant(incident.get("resolved_at"), "incident.resolved_at") : null,
        incident.path("shortlink").asText(null)));
  }

  private ParsedEvent component(JsonNode update, JsonNode component) {
    String componentId = component.path("id").asText("");
    String updateId = update.path("id").asText("");
    String newStatus = update.path("new_status").asText(component.path("status").asText(""));
    if (componentId.isBlank() || updateId.isBlank() || !COMPONENT_SEVERITY.containsKey(newStatus)) {
      throw ApiError.badRequest("component_update", "needs id, component.id and a known new_status");
    }
    Instant occurredAt = PagerDutyEvents.instant(update.path("created_at"), "component_update.created_at");
    String name = component.path("name").asText(componentId);
    boolean operational = "operational".equals(newStatus);
    return ParsedEvent.of(new IncidentUpdate(
        "statuspage", "component-" + componentId, updateId, occurredAt,
        name + ": " + newStatus.replace('_', ' '),
        null,
        operational ? null : COMPONENT_SEVERITY.get(newStatus),
        operational ? "resolved" : "investigating",
        components.map(List.of(name)),
        List.of(),
        occurredAt,
        operational ? occurredAt : null,
        null));
  }
}
