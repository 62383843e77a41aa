package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Usage ingestion (PRD-086 FR-1.1) and the daily rollups. */
@Controller("/api/v1/usage")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@ExecuteOn(TaskExecutors.BLOCKING)
public class UsageController {
  static final int MAX_BATCH = 10_000;
  private static final Set<String> EVENT_TYPES = Set.of("login", "feature_used", "session");
  private static final Map<String, Integer> PERIOD_DAYS = Map.of("daily", 1, "weekly", 7, "monthly", 30);

  private final UsageStore usage;
  private final CustomerRepository customers;
  private final Clock clock;

  public UsageController(UsageStore usage, CustomerRepository customers, Clock clock) {
    this.usage = usage;
    this.customers = customers;
    this.clock = clock;
  }

  public record Accepted(int accepted, int duplicates) {}

  /** The batch is validated whole: one bad event rejects it all, with every problem listed by index. */
  @Post("/events")
  public Accepted ingest(@Body JsonNode body) {
    Fields f = new Fields(body);
    JsonNode events = f.array("events");
    if (events != null && events.isEmpty()) {
      f.fail("events", "must hold at least one event");
    }
    if (events != null && events.size() > MAX_BATCH) {
      f.fail("events", "holds " + events.size() + " events; send at most " + MAX_BATCH + " per batch");
    }
    f.throwIfInvalid();
    Set<String> known = knownCustomers(events);
    Instant latestAllowed = clock.instant().plus(Duration.ofMinutes(10));
    List<UsageEventRow> rows = new ArrayList<>(events.size());
    Set<String> seenIds = new HashSet<>();
    int duplicatesInBatch = 0;
    for (int i = 0; i < events.size(); i++) {
      Fields e = f.nested(events.get(i), "events[" + i + "]");
      String eventId = e.optionalText("eventId");
      String customerId = e.text("customerId");
      String userId = e.text("userId");
      String eventType = e.oneOf("eventType", EVENT_TYPES);
      String featureId = e.optionalText("featureId");
      Instant occurredAt = e.instant("occurredAt");
      if (customerId != null && !known.contains(customerId)) {
        e.fail("customerId", "no customer " + customerId);
      }
      if ("feature_used".equals(eventType) && featureId == null) {
        e.fail("featureId", "is required when eventType is feature_used");
      }
      if (occurredAt != null && occurredAt.isAfter(latestAllowed)) {
        e.fail("occurredAt", "is in the future");
      }
      if (eventId != null && !seenIds.add(eventId)) {
        duplicatesInBatch++;
        continue;
      }
      rows.add(new UsageEventRow(eventId, customerId, userId, eventType, featureId, occurredAt));
    }
    f.throwIfInvalid();
    int stored = usage.insertEvents(rows);
    return new Accepted(stored, events.size() - stored);
  }

  public record Calculated(String customerId, String period, LocalDate from, LocalDate to, int rows) {}

  /**
   * Recomputes the daily rollups (DAU, WAU, MAU, logins, feature usage) over the period ending on
   * {@code to} (default today, UTC): daily = that day, weekly = 7 days, monthly = 30 days, or an
   * explicit {@code from}.
   */
  @Post("/calculate-metrics")
  public Calculated calculate(@Body JsonNode body) {
    Fields f = new Fields(body);
    String customerId = f.optionalText("customerId");
    String period = f.oneOf("period", PERIOD_DAYS.keySet());
    LocalDate to = f.optionalDate("to");
    LocalDate from = f.optionalDate("from");
    if (customerId != null && !customers.existsById(customerId)) {
      throw ApiError.notFound("customer", customerId);
    }
    f.throwIfInvalid();
    LocalDate end = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : to;
    LocalDate start = from == null ? end.minusDays(PERIOD_DAYS.get(period) - 1L) : from;
    if (start.isAfter(end)) {
      throw ApiError.badRequest("from", "must not be after to");
    }
    if (start.plusDays(400).isBefore(end)) {
      throw ApiError.badRequest("from", "a calculation spans at most 400 days");
    }
    return new Calculated(customerId, period, start, end, usage.rollUp(customerId, start, end));
  }

  private Set<String> knownCustomers(JsonNode events) {
    Set<String> ids = new HashSet<>();
    events.forEach(e -> {
      if (e.isObject() && e.path("customerId").isTextual()) {
        ids.add(e.get("customerId").asText().strip());
      }
    });
    return ids.isEmpty() ? Set.of()
        : customers.findByIdInList(List.copyOf(ids)).stream().map(Customer::id).collect(Collectors.toSet());
  }
}
