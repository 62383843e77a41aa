package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Limits;
import io.vigil.app.incidents.IncidentImpacts;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.ProductIncident;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Incidents ({@code /incidents}) and one incident with the viewer's affected customers
 * ({@code /incidents/{id}}); recording a customer's reply to outreach goes through
 * {@link IncidentImpacts}, as {@code POST /api/incidents/{id}/customers/{customerId}/outreach} does.
 */
@Hidden
@Controller("/incidents")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class IncidentsPageController {
  private final IncidentsPage page;
  private final IncidentImpacts impacts;
  private final IncidentRepository incidents;
  private final Viewers viewers;

  public IncidentsPageController(IncidentsPage page, IncidentImpacts impacts, IncidentRepository incidents, Viewers viewers) {
    this.page = page;
    this.impacts = impacts;
    this.incidents = incidents;
    this.viewers = viewers;
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> list(Authentication auth) {
    Viewer viewer = viewers.of(auth);
    Map<String, Object> model = Pages.model(viewer, "incidents");
    model.put("incidents", page.list(viewer));
    return Pages.render(HttpStatus.OK, "incidents", model);
  }

  @Get("/{id}")
  public HttpResponse<ModelAndView<Map<String, Object>>> incident(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue String cursor, @Nullable @QueryValue String replied) {
    Viewer viewer = viewers.of(auth);
    return shown(viewer, id, cursor, HttpStatus.OK, null, replied == null ? null : "Reply recorded.");
  }

  @Post("/{id}/customers/{customerId}/reply")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> reply(Authentication auth, @PathVariable String id, @PathVariable String customerId,
      @Nullable @Body Forms.Note form) {
    Viewer viewer = viewers.of(auth);
    String note = form == null ? null : form.note();
    String given = note == null || note.isBlank() ? null : note.strip();
    if (given != null && given.length() > Limits.TEXT) {
      return shown(viewer, id, null, HttpStatus.BAD_REQUEST,
          "Not accepted: the note holds up to " + Limits.TEXT + " characters.", null);
    }
    ProductIncident incident = incidents.findById(id).orElse(null);
    if (incident == null) {
      return notFound(viewer, id);
    }
    try {
      impacts.recordResponse(viewer.caller(), incident, customerId, given);
    } catch (ApiError refused) {
      return shown(viewer, id, null, refused.status(), Words.of(refused), null);
    }
    return Pages.seeOther("/incidents/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?replied="
        + URLEncoder.encode(customerId, StandardCharsets.UTF_8));
  }

  private HttpResponse<ModelAndView<Map<String, Object>>> shown(Viewer viewer, String id, String cursor, HttpStatus status,
      String error, String ok) {
    ProductIncident incident = incidents.findById(id).orElse(null);
    if (incident == null) {
      return notFound(viewer, id);
    }
    Keyset keyset;
    try {
      keyset = IncidentImpacts.keyset(IncidentsPage.CUSTOMERS, cursor);
    } catch (ApiError badCursor) {
      keyset = IncidentImpacts.keyset(IncidentsPage.CUSTOMERS, null);
      error = "That page of customers is unknown: here is the first.";
      status = HttpStatus.BAD_REQUEST;
    }
    Map<String, Object> model = Pages.model(viewer, "incidents");
    model.put("d", page.detail(incident, viewer, keyset));
    model.put("error", error);
    model.put("ok", ok);
    return Pages.render(status, "incident", model);
  }

  private HttpResponse<ModelAndView<Map<String, Object>>> notFound(Viewer viewer, String id) {
    Map<String, Object> model = Pages.model(viewer, "incidents");
    model.put("message", "Not found: there is no incident " + id + ".");
    return Pages.render(HttpStatus.NOT_FOUND, "problem", model);
  }
}
