package io.vigil.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.TeamFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The team and its portfolio (PRD-086 US-4s, the manager's page): each CSM's book by health band,
 * customers and ARR at risk, open alerts, time from alert to first action, pending approvals and open
 * tasks. A manager sees their team and themselves, a CSM themselves, an admin everyone.
 */
@Controller("/api/insights/team")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TeamController {
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final TeamFigures figures;
  private final Scopes scopes;
  private final Clock clock;

  public TeamController(TeamFigures figures, Scopes scopes, Clock clock) {
    this.figures = figures;
    this.scopes = scopes;
    this.clock = clock;
  }

  /** {@code from}/{@code to}: the alerts counted as raised, [from, to); the last 30 days by default. */
  public record TeamView(Instant from, Instant to, List<TeamFigures.Member> members) {}

  @Get
  public TeamView team(Authentication auth, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    Instant now = clock.instant();
    Instant end = Instants.bound(to, "to");
    Instant start = Instants.bound(from, "from");
    end = end == null ? now : end;
    start = start == null ? end.minus(DEFAULT_WINDOW) : start;
    if (!start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    return new TeamView(start, end, figures.members(scopes.of(Caller.of(auth)).csmIds(), start, end, now));
  }
}
