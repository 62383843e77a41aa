package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.alerts.AlertMoves;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Limits;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.RiskSignalLifecycle.Move;
import java.util.Map;

/**
 * My day ({@code /}) and what its buttons do: acknowledge or dismiss an alert, complete a task,
 * through the same {@link AlertMoves} as the API. htmx posts get the refreshed panel back; a plain
 * form post (no script) goes back to the page.
 */
@Hidden
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class MyDayController {
  private final MyDay myDay;
  private final AlertMoves moves;
  private final Viewers viewers;

  public MyDayController(MyDay myDay, AlertMoves moves, Viewers viewers) {
    this.myDay = myDay;
    this.moves = moves;
    this.viewers = viewers;
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> page(Authentication auth) {
    return Pages.render(HttpStatus.OK, "myday", model(viewers.of(auth), null, null));
  }

  /** The panel alone, which the page fetches again every few seconds (live updates). */
  @Get("/my-day/panel")
  public HttpResponse<ModelAndView<Map<String, Object>>> panel(Authentication auth) {
    return Pages.render(HttpStatus.OK, "fragments/myday-panel", model(viewers.of(auth), null, null));
  }

  @Post("/alerts/{id}/acknowledge")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> acknowledge(HttpRequest<?> request, Authentication auth, @PathVariable long id) {
    Viewer viewer = viewers.of(auth);
    return act(request, viewer, () -> moves.move(viewer.caller(), id, Move.ACKNOWLEDGE, null), "Alert acknowledged.");
  }

  @Post("/alerts/{id}/dismiss")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> dismiss(HttpRequest<?> request, Authentication auth, @PathVariable long id,
      @Nullable @Body Forms.Reason form) {
    Viewer viewer = viewers.of(auth);
    String reason = form == null ? null : form.reason();
    String given = reason == null ? "" : reason.strip();
    if (given.isEmpty() || given.length() > Limits.TEXT) {
      return answer(request, viewer, HttpStatus.BAD_REQUEST, "Say why the alert is a false positive (up to "
          + Limits.TEXT + " characters) to dismiss it.", null);
    }
    return act(request, viewer, () -> moves.move(viewer.caller(), id, Move.DISMISS, given), "Alert dismissed.");
  }

  @Post("/tasks/{id}/complete")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> complete(HttpRequest<?> request, Authentication auth, @PathVariable long id) {
    Viewer viewer = viewers.of(auth);
    return act(request, viewer, () -> moves.complete(viewer.caller(), id), "Task completed.");
  }

  private HttpResponse<?> act(HttpRequest<?> request, Viewer viewer, Runnable move, String done) {
    try {
      move.run();
    } catch (ApiError refused) {
      return answer(request, viewer, refused.status(), Words.of(refused), null);
    }
    return answer(request, viewer, HttpStatus.OK, null, done);
  }

  private HttpResponse<?> answer(HttpRequest<?> request, Viewer viewer, HttpStatus status, String error, String ok) {
    Map<String, Object> model = model(viewer, error, ok);
    if (Pages.fromHtmx(request)) {
      return Pages.render(status, "fragments/myday-answer", model);
    }
    return status == HttpStatus.OK ? Pages.seeOther("/") : Pages.render(status, "myday", model);
  }

  private Map<String, Object> model(Viewer viewer, String error, String ok) {
    Map<String, Object> model = Pages.model(viewer, "myday");
    model.put("day", myDay.of(viewer));
    model.put("error", error);
    model.put("ok", ok);
    return model;
  }
}
