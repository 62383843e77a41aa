package io.vigil.app.incidents;

import io.micronaut.core.annotation.Nullable;
import io.vigil.activities.tickets.TicketMentions;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Page;
import io.vigil.app.api.Views;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Scope;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
import io.vigil.infra.persistence.TicketStore;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An incident's affected customers within a caller's scope, ranked (PRD-097 4.2), and recording a
 * customer's response to outreach: what {@code /api/incidents/{id}/customers} and the dashboard's
 * incident page both show and do, computed once here.
 */
@Singleton
public class IncidentImpacts {
  private final IncidentRepository incidents;
  private final IncidentStore store;
  private final CustomerRepository customers;
  private final Views views;
  private final Scopes scopes;
  private final TicketMentions tickets;

  public IncidentImpacts(IncidentRepository incidents, IncidentStore store, CustomerRepository customers, Views views,
      Scopes scopes, TicketMentions tickets) {
    this.incidents = incidents;
    this.store = store;
    this.customers = customers;
    this.views = views;
    this.scopes = scopes;
    this.tickets = tickets;
  }

  public record IncidentView(String id, String source, String externalId, String title, @Nullable String description,
      String severity, String status, List<String> affectedComponents, List<String> affectedRegions, Instant startedAt,
      @Nullable Instant resolvedAt, @Nullable String statusPageUrl, @Nullable String workflowId, @Nullable String slackChannelId) {}

  public static IncidentView view(ProductIncident i) {
    return new IncidentView(i.id(), i.source(), i.externalId(), i.title(), i.description(), i.severity(), i.status(),
        List.of(i.affectedComponents()), List.of(i.affectedRegions()), i.startedAt(), i.resolvedAt(),
        i.statusPageUrl(), i.workflowId(), i.slackChannelId());
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
  public record Impact(IncidentView incident, List<AffectedCustomer> affectedCustomers,
      BigDecimal totalARRAtRisk, @Nullable String nextCursor) {}

  /** The page asked for of an incident's ranked customers (a 400 for a limit or cursor out of place). */
  public static Keyset keyset(Integer limit, String cursor) {
    return Keyset.of("incident-customers", limit, cursor, 4);
  }

  public Impact page(ProductIncident incident, Scope scope, Keyset page) {
    String csmIds = scope.csmIdsLiteral();
    IncidentStore.RankedImpact after = page.first() ? null
        : new IncidentStore.RankedImpact(page.text(3), null, null, null, page.number(0).intValue(), page.decimal(1),
            page.number(2).intValue());
    Page<IncidentStore.RankedImpact> ranked = page.page(store.impactPage(incident.id(), csmIds, after, page.fetch()), i -> i,
        i -> List.of(i.rank(), i.arr(), i.segmentRank(), i.customerId()));
    Map<String, Customer> byId = ranked.items().isEmpty() ? Map.of()
        : customers.findByIdInList(ranked.items().stream().map(IncidentStore.RankedImpact::customerId).toList()).stream()
            .collect(Collectors.toMap(Customer::id, Function.identity()));
    Map<String, TicketStore.TicketsOf> since = tickets.sinceStartOf(incident, byId.keySet());
    List<AffectedCustomer> affected = ranked.items().stream()
        .map(i -> affected(byId.get(i.customerId()), i, since.get(i.customerId())))
        .toList();
    return new Impact(view(incident), affected, store.arrAtRisk(incident.id(), csmIds), ranked.nextCursor());
  }

  /** The customer replied to the outreach: recorded on its impact row, for a caller who may see the customer (404 otherwise). */
  public AffectedCustomer recordResponse(Caller caller, ProductIncident incident, String customerId, @Nullable String note) {
    scopes.visibleCustomer(caller, customerId);
    if (incidents.recordResponse(incident.id(), customerId, note) == 0) {
      throw ApiError.notFound("affected customer", customerId + " of incident " + incident.id());
    }
    Customer customer = customers.findById(customerId).orElseThrow();
    TicketStore.TicketsOf since = tickets.sinceStartOf(incident, List.of(customerId)).get(customerId);
    return store.impact(incident.id(), customerId).map(i -> affected(customer, i, since)).orElseThrow();
  }

  private AffectedCustomer affected(Customer customer, IncidentStore.RankedImpact impact, @Nullable TicketStore.TicketsOf since) {
    List<TicketSince> newest = since == null ? List.of() : since.newest().stream()
        .map(t -> new TicketSince(t.id(), t.subject(), t.status(), t.priority(), t.category(), t.openedAt())).toList();
    return new AffectedCustomer(views.customer(customer), impact.impactLevel(), impact.reason(), impact.outreachStatus(),
        since == null ? 0 : since.total(), newest);
  }
}
