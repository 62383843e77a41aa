package io.vigil.app.incidents;

import io.micronaut.core.annotation.Introspected;
import io.vigil.app.api.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.micronaut.core.annotation.Nullable;
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
import io.vigil.activities.tickets.TicketMentions;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Page;
import io.vigil.app.api.Views;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
import io.vigil.infra.persistence.TicketStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Incidents and their customer impact (PRD-097 4.2), and recording a customer's response to outreach. */
@Controller("/api/incidents")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class IncidentsController {
  private static final Set<String> STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");

  private final IncidentRepository incidents;
  private final IncidentStore store;
  private final CustomerRepository customers;
  private final Views views;
  private final Scopes scopes;
  private final TicketMentions tickets;

  public IncidentsController(IncidentRepository incidents, IncidentStore store, CustomerRepository customers, Views views,
      Scopes scopes, TicketMentions tickets) {
    this.scopes = scopes;
    this.tickets = tickets;
    this.incidents = incidents;
    this.store = store;
    this.customers = customers;
    this.views = views;
  }

  public record IncidentSummary(String id, String source, String externalId, String title, String severity, String status,
      @Nullable Instant startedAt, @Nullable Instant resolvedAt, long affectedCustomers, long highImpact,
      BigDecimal totalArrAtRisk, long outreachSent, long outreachResponded) {}

  /** Newest first (by start), a page at a time; every incident, whoever asks: an outage is everyone's business. */
  @Get
  public Page<IncidentSummary> list(@Nullable @QueryValue String status,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("status", "must be one of investigating, identified, monitoring, resolved");
    }
    Keyset page = Keyset.of("incidents", limit, cursor, 2);
    return page.page(store.summaries(status, page.instant(0), page.text(1), page.fetch()),
        s -> new IncidentSummary(s.id(), s.source(), s.externalId(), s.title(), s.severity(), s.status(), s.startedAt(),
            s.resolvedAt(), s.affectedCustomers(), s.highImpact(), s.totalArrAtRisk(), s.outreachSent(),
            s.outreachResponded()),
        s -> List.of(s.listedAt(), s.id()));
  }

  public record IncidentView(String id, String source, String externalId, String title, @Nullable String description,
      String severity, String status, List<String> affectedComponents, List<String> affectedRegions, Instant startedAt,
      @Nullable Instant resolvedAt, @Nullable String statusPageUrl, @Nullable String workflowId, @Nullable String slackChannelId) {}

  @Get("/{id}")
  public IncidentView get(@PathVariable String id) {
    return view(find(id));
  }

  /** A support ticket the customer opened since the incident started. */
  public record TicketSince(String id, String subject, String status, @Nullable String priority, String category,
      Instant openedAt) {}

  /**
   * {@code ticketsSinceStart}: how many tickets the customer opened since the incident started
   * (whatever their status); {@code tickets}: the newest 5 of them.
   */
  public record AffectedCustomer(Views.CustomerView customer, String impactLevel, @Nullable String reason, String outreachStatus,
      int ticketsSinceStart, List<TicketSince> tickets) {}

  /**
   * {@code affectedCustomers}: one page of them, ranked; {@code totalARRAtRisk}: the ARR of all of them
   * (within the caller's scope), not only of the page.
   */
  public record Impact(IncidentView incident, List<AffectedCustomer> affectedCustomers, BigDecimal totalARRAtRisk,
      @Nullable String nextCursor) {}

  @Get("/{id}/customers")
  public Impact customers(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("incident-customers", limit, cursor, 4);
    ProductIncident incident = find(id);
    String scope = scopes.of(Caller.of(auth)).csmIdsLiteral();
    IncidentStore.RankedImpact after = page.first() ? null
        : new IncidentStore.RankedImpact(page.text(3), null, null, null, page.number(0).intValue(), page.decimal(1),
            page.number(2).intValue());
    Page<IncidentStore.RankedImpact> ranked = page.page(store.impactPage(id, scope, after, page.fetch()), i -> i,
        i -> List.of(i.rank(), i.arr(), i.segmentRank(), i.customerId()));
    Map<String, Customer> byId = ranked.items().isEmpty() ? Map.of()
        : customers.findByIdInList(ranked.items().stream().map(IncidentStore.RankedImpact::customerId).toList()).stream()
            .collect(Collectors.toMap(Customer::id, Function.identity()));
    Map<String, TicketStore.TicketsOf> since = tickets.sinceStartOf(incident, byId.keySet());
    List<AffectedCustomer> affected = ranked.items().stream()
        .map(i -> affected(byId.get(i.customerId()), i, since.get(i.customerId())))
        .toList();
    return new Impact(view(incident), affected, store.arrAtRisk(id, scope), ranked.nextCursor());
  }

  @Introspected
  public record OutreachResponse(
      @NotNull @Pattern(regexp = "responded", message = "must be responded") String status,
      @Nullable @Size(max = Limits.TEXT) String note) {}

  /** Records the customer's response to outreach: {@code {"status": "responded", "note": "..."}}. */
  @Post("/{id}/customers/{customerId}/outreach")
  public AffectedCustomer outreach(Authentication auth, @PathVariable String id, @PathVariable String customerId,
      @Body @Valid OutreachResponse body) {
    ProductIncident incident = find(id);
    scopes.visibleCustomer(Caller.of(auth), customerId);
    String note = body.note();
    if (incidents.recordResponse(id, customerId, note) == 0) {
      throw ApiError.notFound("affected customer", customerId + " of incident " + id);
    }
    Customer customer = customers.findById(customerId).orElseThrow();
    TicketStore.TicketsOf since = tickets.sinceStartOf(incident, List.of(customerId)).get(customerId);
    return store.impact(id, customerId).map(i -> affected(customer, i, since)).orElseThrow();
  }

  private AffectedCustomer affected(Customer customer, IncidentStore.RankedImpact impact, @Nullable TicketStore.TicketsOf since) {
    List<TicketSince> newest = since == null ? List.of() : since.newest().stream()
        .map(t -> new TicketSince(t.id(), t.subject(), t.status(), t.priority(), t.category(), t.openedAt())).toList();
    return new AffectedCustomer(views.customer(customer), impact.impactLevel(), impact.reason(), impact.outreachStatus(),
        since == null ? 0 : since.total(), newest);
  }

  private ProductIncident find(String id) {
    return incidents.findById(id).orElseThrow(() -> ApiError.notFound("incident", id));
  }

  private static IncidentView view(ProductIncident i) {
    return new IncidentView(i.id(), i.source(), i.externalId(), i.title(), i.description(), i.severity(), i.status(),
        List.of(i.affectedComponents()), List.of(i.affectedRegions()), i.startedAt(), i.resolvedAt(),
        i.statusPageUrl(), i.workflowId(), i.slackChannelId());
  }
}
