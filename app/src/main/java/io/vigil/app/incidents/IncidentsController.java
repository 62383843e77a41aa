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
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Views;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
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

  public IncidentsController(IncidentRepository incidents, IncidentStore store, CustomerRepository customers, Views views,
      Scopes scopes) {
    this.scopes = scopes;
    this.incidents = incidents;
    this.store = store;
    this.customers = customers;
    this.views = views;
  }

  @Get
  public List<IncidentStore.Summary> list(@Nullable @QueryValue String status) {
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("status", "must be one of investigating, identified, monitoring, resolved");
    }
    return store.summaries(status);
  }

  public record IncidentView(String id, String source, String externalId, String title, @Nullable String description,
      String severity, String status, List<String> affectedComponents, List<String> affectedRegions, Instant startedAt,
      @Nullable Instant resolvedAt, @Nullable String statusPageUrl, @Nullable String workflowId, @Nullable String slackChannelId) {}

  @Get("/{id}")
  public IncidentView get(@PathVariable String id) {
    return view(find(id));
  }

  public record AffectedCustomer(Views.CustomerView customer, String impactLevel, @Nullable String reason, String outreachStatus) {}

  public record Impact(IncidentView incident, List<AffectedCustomer> affectedCustomers, BigDecimal totalARRAtRisk) {}

  @Get("/{id}/customers")
  public Impact customers(Authentication auth, @PathVariable String id) {
    ProductIncident incident = find(id);
    io.vigil.app.security.Scope scope = scopes.of(Caller.of(auth));
    List<IncidentStore.Impact> impacts = store.impacts(id).stream().filter(i -> scope.coversCsm(i.csmId())).toList();
    Map<String, Customer> byId = impacts.isEmpty() ? Map.of()
        : customers.findByIdInList(impacts.stream().map(IncidentStore.Impact::customerId).toList()).stream()
            .collect(Collectors.toMap(Customer::id, Function.identity()));
    Map<String, String> outreach = store.outreachStatuses(id);
    List<AffectedCustomer> affected = impacts.stream()
        .map(i -> new AffectedCustomer(views.customer(byId.get(i.customerId())), i.impactLevel(), i.reason(),
            outreach.getOrDefault(i.customerId(), "pending")))
        .toList();
    BigDecimal total = impacts.stream().map(IncidentStore.Impact::arr).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Impact(view(incident), affected, total);
  }

  @Introspected
  public record OutreachResponse(
      @NotNull @Pattern(regexp = "responded", message = "must be responded") String status,
      @Nullable @Size(max = Limits.TEXT) String note) {}

  /** Records the customer's response to outreach: {@code {"status": "responded", "note": "..."}}. */
  @Post("/{id}/customers/{customerId}/outreach")
  public AffectedCustomer outreach(Authentication auth, @PathVariable String id, @PathVariable String customerId,
      @Body @Valid OutreachResponse body) {
    find(id);
    scopes.visibleCustomer(Caller.of(auth), customerId);
    String note = body.note();
    if (incidents.recordResponse(id, customerId, note) == 0) {
      throw ApiError.notFound("affected customer", customerId + " of incident " + id);
    }
    return customers(auth, id).affectedCustomers().stream().filter(a -> a.customer().id().equals(customerId))
        .findFirst().orElseThrow();
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
