package io.vigil.app.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.api.TeamController;
import io.vigil.app.security.Roles;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The team page ({@code /team}), scoped as {@code GET /api/insights/team}: a manager sees the team and
 * themselves, an admin everyone, a CSM their own figures. Alerts are counted over the API's default
 * window, the 30 days to now.
 */
@Hidden
@Controller("/team")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TeamPageController {
  private final TeamPage page;
  private final Viewers viewers;
  private final Clock clock;

  public TeamPageController(TeamPage page, Viewers viewers, Clock clock) {
    this.page = page;
    this.viewers = viewers;
    this.clock = clock;
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> team(Authentication auth) {
    Viewer viewer = viewers.of(auth);
    Instant now = clock.instant();
    Map<String, Object> model = Pages.model(viewer, "team");
    model.put("t", page.of(viewer.scope(), now.minus(TeamController.DEFAULT_WINDOW), now, now));
    return Pages.render(HttpStatus.OK, "team", model);
  }
}
