package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.risk.HealthEscalations;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerEvent;
import io.vigil.infra.persistence.CustomerEventStore;
import io.vigil.infra.persistence.CustomerRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A customer's account events (docs/api.md, "Customer events"): a downgrade or cancellation request
 * starts the churn-risk escalation; {@code churned} and {@code renewal} are kept as the labels of churn
 * prediction; {@code expansion} is recorded. Idempotent on (customer, type, at): the same event
 * reported again answers 200 with the stored one and changes nothing, though it is still handed to the
 * escalation, which holds each trigger once (so a retry after a failed start starts it).
 */
@Controller("/api/customers/{id}/events")
@ExecuteOn(TaskExecutors.BLOCKING)
public class CustomerEventsController {
  static final String TYPES = "downgrade_request|cancellation_request|renewal|churned|expansion";
  static final String TYPES_MESSAGE = "must be one of downgrade_request, cancellation_request, renewal, churned, expansion";
  /** An event is a fact that happened: a client's clock may run this far ahead, no further. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

  private final CustomerEventStore events;
  private final CustomerRepository customers;
  private final HealthEscalations escalations;
  private final Scopes scopes;
  private final Clock clock;

  public CustomerEventsController(CustomerEventStore events, CustomerRepository customers, HealthEscalations escalations,
      Scopes scopes, Clock clock) {
    this.events = events;
    this.customers = customers;
    this.escalations = escalations;
    this.scopes = scopes;
    this.clock = clock;
  }

  @Introspected
  public record EventRequest(
      @NotNull @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String type,
      // read as text so that a malformed instant is one more problem listed in the one 400 shape
      @NotNull @Size(max = 64) String at,
      @Nullable @Size(max = Limits.TEXT) String note) {}

  /** {@code escalation}: the churn-risk escalation the event was handed to (started, or recorded there as suppressed). */
  public record EscalationView(String workflowId, boolean started) {}

  public record EventView(long id, String customerId, String type, Instant at, @Nullable String note,
      @Nullable String recordedBy, Instant createdAt, @Nullable EscalationView escalation) {}

  @Post
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public HttpResponse<EventView> record(Authentication auth,
      @PathVariable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String id, @Body @Valid EventRequest body) {
    List<ApiError.FieldError> errors = new ArrayList<>();
    Instant at = Instants.parse(body.at(), "at", errors);
    if (at != null && at.isAfter(clock.instant().plus(CLOCK_SKEW))) {
      errors.add(new ApiError.FieldError("at", "is in the future: an event is recorded once it happened"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    Caller caller = Caller.of(auth);
    scopes.requireActionable(caller, id);
    Customer customer = customers.findById(id).orElseThrow(() -> ApiError.notFound("customer", id));
    String note = body.note() == null || body.note().isBlank() ? null : body.note().strip();
    CustomerEventStore.Stored stored = events.recordOnce(id, body.type(), at, note, caller.actor());
    Optional<AlertDispatcher.Dispatch> escalation = escalations.onEvent(customer, stored.event());
    EventView view = view(stored.event(), escalation.map(d -> new EscalationView(d.workflowId(), d.started())).orElse(null));
    return stored.created() ? HttpResponse.created(view) : HttpResponse.ok(view);
  }

  @Get
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
  public Page<EventView> list(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("customer-events", limit, cursor, 2);
    scopes.visibleCustomer(Caller.of(auth), id);
    return page.page(events.list(id, page.instant(0), page.number(1), page.fetch()), e -> view(e, null),
        e -> List.of(e.at(), e.id()));
  }

  private static EventView view(CustomerEvent e, EscalationView escalation) {
    return new EventView(e.id(), e.customerId(), e.type(), e.at(), e.note(), e.recordedBy(), e.createdAt(), escalation);
  }
}
