package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
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
import io.vigil.app.security.Roles;
import java.util.Map;

/** Feature adoption ({@code /adoption}): the matrix of the viewer's customers a page at a time, the report, the resources. */
@Hidden
@Controller("/adoption")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdoptionPageController {
  private final AdoptionPage page;
  private final Viewers viewers;

  public AdoptionPageController(AdoptionPage page, Viewers viewers) {
    this.page = page;
    this.viewers = viewers;
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> adoption(Authentication auth, @Nullable @QueryValue String cursor) {
    Viewer viewer = viewers.of(auth);
    Map<String, Object> model = Pages.model(viewer, "adoption");
    HttpStatus status = HttpStatus.OK;
    Keyset keyset;
    try {
      keyset = AdoptionPage.keyset(cursor);
    } catch (ApiError badCursor) {
      keyset = AdoptionPage.keyset(null);
      status = HttpStatus.BAD_REQUEST;
      model.put("error", "That page of customers is unknown: here is the first.");
    }
    model.put("a", page.of(viewer, keyset));
    model.put("first", keyset.first());
    model.put("perPage", AdoptionPage.CUSTOMERS);
    return Pages.render(status, "adoption", model);
  }
}
