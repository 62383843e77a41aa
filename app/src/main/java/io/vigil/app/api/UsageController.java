package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.io.InputStream;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.vigil.app.security.Roles;
import io.vigil.infra.metrics.VigilMetrics;
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
  private static final Map<String, Integer> PERIOD_DAYS = Map.of("daily", 1, "weekly", 7, "monthly", 30);

  private final UsageStore usage;
  private final CustomerRepository customers;
  private final Clock clock;
  private final Validator validator;
  private final VigilMetrics metrics;
  private final UsageEventBodies bodies;

  public UsageController(UsageStore usage, CustomerRepository customers, Clock clock, Validator validator,
      VigilMetrics metrics, UsageEventBodies bodies) {
    this.metrics = metrics;
    this.validator = validator;
    this.bodies = bodies;
    this.usage = usage;
    this.customers = customers;
    this.clock = clock;
  }

  public record Accepted(int accepted, int duplicates) {}

  @Introspected
  public record Event(
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String eventId,
      @NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @NotBlank @Size(max = Limits.NAME) String userId,
      @NotNull @Pattern(regexp = "login|feature_used|session", message = "must be one of login, feature_used, session")
      String eventType,
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String featureId,
      // read as text so that a malformed instant is one more problem listed, not the end of reading
      @NotNull @Size(max = 64) String occurredAt) {

    private static final Set<String> TYPES = Set.of("login", "feature_used", "session");

    /**
     * True when every constraint above plainly holds, checked by hand: an event that passes needs no
     * call of the Validator, which was a third of the service's CPU time while ingesting 10,000-event
     * batches (JFR, issue 12). False sends the event to the Validator, whose violations the 400
     * lists (and which may yet find none). {@code UsageEventChecksTest} holds the two together.
     */
    boolean plainlyValid() {
      return (eventId == null || Limits.isId(eventId)) && customerId != null && Limits.isId(customerId)
          && userId != null && userId.length() <= Limits.NAME && !userId.isBlank()
          && eventType != null && TYPES.contains(eventType)
          && (featureId == null || Limits.isId(featureId))
          && occurredAt != null && occurredAt.length() <= 64;
    }
  }

  /** The JSON form of a batch, for the OpenAPI document: the body is read by {@link UsageEventBodies}. */
  @Introspected
  public record EventBatch(@Size(min = 1, max = MAX_BATCH) List<Event> events) {}

  /**
   * The batch is validated whole: one bad event rejects it all, with every problem listed by index.
   * The body is read as it streams in ({@link UsageEventBodies}), as a JSON object or as NDJSON.
   */
  @Post(value = "/events", consumes = {MediaType.APPLICATION_JSON, UsageEventBodies.NDJSON})
  @RequestBody(required = true, content = {
      @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventBatch.class)),
      @Content(mediaType = UsageEventBodies.NDJSON, schema = @Schema(implementation = Event.class))})
  public Accepted ingest(HttpRequest<?> request, @Body InputStream body) {
    boolean ndjson = request.getContentType().map(t -> t.matches(MediaType.of(UsageEventBodies.NDJSON))).orElse(false);
    List<Event> events = bodies.read(body, ndjson, MAX_BATCH);
    Set<String> known = customers.findByIdInList(events.stream().filter(e -> e != null && e.customerId() != null)
            .map(Event::customerId).distinct().toList()).stream()
        .map(Customer::id).collect(Collectors.toSet());
    Instant latestAllowed = clock.instant().plus(Duration.ofMinutes(10));
    List<UsageEventRow> rows = new ArrayList<>(events.size());
    List<ApiError.FieldError> errors = new ArrayList<>();
    Set<String> seenIds = new HashSet<>();
    // past the listed maximum, more errors tell a client nothing new and cost time (message interpolation)
    for (int i = 0; i < events.size() && errors.size() <= Limits.MAX_ERRORS; i++) {
      Event e = events.get(i);
      String at = "events[" + i + "].";
      if (e == null) {
        errors.add(new ApiError.FieldError("events[" + i + "]", "must be an event object"));
        continue;
      }
      if (!e.plainlyValid()) {
        BadRequests.collect("events[" + i + "]", validator.validate(e), errors);
      }
      if (e.customerId() == null || e.eventType() == null || e.occurredAt() == null) {
        continue;
      }
      if (!known.contains(e.customerId())) {
        errors.add(new ApiError.FieldError(at + "customerId", "no customer " + e.customerId()));
      }
      if ("feature_used".equals(e.eventType()) && e.featureId() == null) {
        errors.add(new ApiError.FieldError(at + "featureId", "is required when eventType is feature_used"));
      }
      Instant occurredAt = Instants.parse(e.occurredAt(), at + "occurredAt", errors);
      if (occurredAt != null && occurredAt.isAfter(latestAllowed)) {
        errors.add(new ApiError.FieldError(at + "occurredAt", "is in the future"));
      }
      if (errors.isEmpty() && (e.eventId() == null || seenIds.add(e.eventId()))) {
        rows.add(new UsageEventRow(e.eventId(), e.customerId(), e.userId().strip(), e.eventType(), e.featureId(),
            occurredAt));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    int stored = usage.insertEvents(rows);
    metrics.eventsIngested(stored);
    return new Accepted(stored, events.size() - stored);
  }

  public record Calculated(@Nullable String customerId, String period, LocalDate from, LocalDate to, int rows) {}

  /**
   * Recomputes the daily rollups (DAU, WAU, MAU, logins, feature usage) over the period ending on
   * {@code to} (default today, UTC): daily = that day, weekly = 7 days, monthly = 30 days, or an
   * explicit {@code from}.
   */
  @Introspected
  public record CalculateRequest(
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @NotNull @Pattern(regexp = "daily|weekly|monthly", message = "must be one of daily, weekly, monthly") String period,
      @Nullable LocalDate from,
      @Nullable LocalDate to) {}

  @Post("/calculate-metrics")
  public Calculated calculate(@Body @Valid CalculateRequest body) {
    String customerId = body.customerId();
    String period = body.period();
    LocalDate from = body.from();
    LocalDate to = body.to();
    if (customerId != null && !customers.existsById(customerId)) {
      throw ApiError.notFound("customer", customerId);
    }
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
}
