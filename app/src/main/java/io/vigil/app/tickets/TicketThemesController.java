package io.vigil.app.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.tickets.ThemeFinder;
import io.vigil.activities.tickets.TicketTheme;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Instants;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Themes of the caller's customers' tickets (docs/insights.md, "Themes"): tickets of one category
 * about the same thing, most tickets first.
 */
@Controller("/api/insights/ticket-themes")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketThemesController {
  /** Ticket ids a theme shows as examples. */
  static final int EXAMPLES = 5;

  private final ThemeFinder finder;
  private final Scopes scopes;

  public TicketThemesController(ThemeFinder finder, Scopes scopes) {
    this.finder = finder;
    this.scopes = scopes;
  }

  public record ThemeView(String key, String theme, String category, int tickets, int customers, BigDecimal totalArr,
      List<String> examples, List<String> quotes) {}

  /** {@code truncated}: the range held more than {@link ThemeFinder#MAX_TICKETS} tickets; the newest were read. */
  public record Themes(int tickets, boolean truncated, List<ThemeView> themes) {}

  /** {@code from} inclusive, {@code to} exclusive, each a date or an instant (by the tickets' createdAt). */
  @Get
  public Themes themes(Authentication auth, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    Instant start = Instants.bound(from, "from");
    Instant end = Instants.bound(to, "to");
    if (start != null && end != null && !start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    ThemeFinder.Found found = finder.find(start, end, scopes.of(Caller.of(auth)).csmIds());
    return new Themes(found.tickets(), found.truncated(), found.themes().stream().map(TicketThemesController::view).toList());
  }

  static ThemeView view(TicketTheme t) {
    return new ThemeView(t.key(), t.label(), t.category(), t.tickets().size(), t.customers().size(), t.totalArr(),
        t.tickets().stream().limit(EXAMPLES).map(ThemeTicket::id).toList(), t.quotes());
  }
}
