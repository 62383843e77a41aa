package io.vigil.app.tickets;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.tickets.TicketCategorizer;
import io.vigil.activities.tickets.TicketCategory;
import io.vigil.app.api.ApiError;
import io.vigil.app.escalations.EscalationTrigger;
import io.vigil.app.api.Instants;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Limits;
import io.vigil.app.api.Page;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scope;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.TicketRow;
import io.vigil.infra.persistence.TicketStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;

/**
 * Support tickets as people see them: the list and a ticket, each holding only the caller's
 * customers (404 for another's ticket), and correcting a ticket's category. Corrections are kept,
 * override the prediction at once, and join the classifier's training data when it next trains
 * ({@code POST /api/tickets/classifier/train}, or the first categorization after a restart).
 */
@Controller("/api/tickets")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketsController {
  private final TicketStore tickets;
  private final TicketCategorizer categorizer;
  private final Scopes scopes;
  private final EscalationTrigger escalations;

  public TicketsController(TicketStore tickets, TicketCategorizer categorizer, Scopes scopes,
      EscalationTrigger escalations) {
    this.tickets = tickets;
    this.categorizer = categorizer;
    this.scopes = scopes;
    this.escalations = escalations;
  }

  /** Newest first (by the ticket's createdAt); {@code from} inclusive, {@code to} exclusive, each a date or an instant. */
  @Get
  public Page<TicketViews.TicketView> list(Authentication auth, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String category, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    if (category != null && TicketCategory.fromWire(category).isEmpty()) {
      throw ApiError.badRequest("category", TicketCategory.MESSAGE);
    }
    Instant start = Instants.bound(from, "from");
    Instant end = Instants.bound(to, "to");
    if (start != null && end != null && !start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    Keyset page = Keyset.of("tickets", limit, cursor, 2);
    Scope scope = scopes.of(Caller.of(auth));
    TicketStore.Filter filter = new TicketStore.Filter(customerId, category, start, end, scope.csmIds());
    return page.page(tickets.search(filter, page.instant(0), page.text(1), page.fetch()), TicketViews::view,
        t -> List.of(t.openedAt(), t.id()));
  }

  @Get("/{id}")
  public TicketViews.TicketDetail get(Authentication auth, @PathVariable String id) {
    TicketRow ticket = visible(auth, id);
    return TicketViews.detail(ticket, tickets.corrections(id));
  }

  @Introspected
  public record CategoryChange(@NotNull @Pattern(regexp = TicketCategory.PATTERN, message = TicketCategory.MESSAGE)
      String category) {}

  /** Sets the ticket's category; the same category again changes nothing and keeps no second record. */
  @Put("/{id}/category")
  public TicketViews.TicketDetail correct(Authentication auth, @PathVariable String id, @Body @Valid CategoryChange body) {
    visible(auth, id);
    Caller caller = Caller.of(auth);
    TicketRow ticket = tickets.correct(id, body.category(), caller.actor())
        .orElseThrow(() -> ApiError.notFound("ticket", id));
    escalations.request(); // a category decides which escalation a ticket can be part of
    return TicketViews.detail(ticket, tickets.corrections(id));
  }

  public record Training(int shippedTickets, int correctedTickets) {}

  /** Trains the classifier again on the shipped tickets and every correction so far; new tickets use it at once. */
  @Post("/classifier/train")
  @Secured(Roles.ADMIN)
  public Training train() {
    TicketCategorizer.Trained trained = categorizer.retrain();
    return new Training(trained.shipped(), trained.corrected());
  }

  private TicketRow visible(Authentication auth, String id) {
    if (!id.matches(Limits.ID)) {
      throw ApiError.notFound("ticket", id);
    }
    return tickets.find(id).filter(t -> scopes.mayAct(Caller.of(auth), t.customerId()))
        .orElseThrow(() -> ApiError.notFound("ticket", id));
  }
}
