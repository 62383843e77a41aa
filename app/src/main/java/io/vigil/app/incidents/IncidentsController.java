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
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Incidents and their customer impact (PRD-097 4.2), and recording a customer's response to outreach. */
@Controller("/api/incidents")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class IncidentsController {
  private static final Set<String> STATUSES = Set.of("investigating", "identified", "monitoring", "resolved");

  private final IncidentRepository incidents;
  private final IncidentStore store;
  private final IncidentImpacts impacts;
  private final Scopes scopes;

  public IncidentsController(IncidentRepository incidents, IncidentStore store, IncidentImpacts impacts, Scopes scopes) {
    this.incidents = incidents;
    this.store = store;
    this.impacts = impacts;
    this.scopes = scopes;
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

  @Get("/{id}")
  public IncidentImpacts.IncidentView get(@PathVariable String id) {
    return IncidentImpacts.view(find(id));
  }

  @Get("/{id}/customers")
  public IncidentImpacts.Impact customers(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = IncidentImpacts.keyset(limit, cursor);
    return impacts.page(find(id), scopes.of(Caller.of(auth)), page);
  }

  @Introspected
  public record OutreachResponse(
      @NotNull @Pattern(regexp = "responded", message = "must be responded") String status,
      @Nullable @Size(max = Limits.TEXT) String note) {}

  /** Records the customer's response to outreach: {@code {"status": "responded", "note": "..."}}. */
  @Post("/{id}/customers/{customerId}/outreach")
  public IncidentImpacts.AffectedCustomer outreach(Authentication auth, @PathVariable String id, @PathVariable String customerId,
      @Body @Valid OutreachResponse body) {
    return impacts.recordResponse(Caller.of(auth), find(id), customerId, body.note());
  }

  private ProductIncident find(String id) {
    return incidents.findById(id).orElseThrow(() -> ApiError.notFound("incident", id));
  }
}
