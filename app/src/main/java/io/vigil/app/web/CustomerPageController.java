package io.vigil.app.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.api.ApiError;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Customer;
import java.util.Map;

/** A customer's page ({@code /customers/{id}}); outside the caller's scope it is a 404, as in the API. */
@Hidden
@Controller("/customers")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CustomerPageController {
  private final CustomerPage page;
  private final Scopes scopes;
  private final Viewers viewers;

  public CustomerPageController(CustomerPage page, Scopes scopes, Viewers viewers) {
    this.page = page;
    this.scopes = scopes;
    this.viewers = viewers;
  }

  @Get("/{id}")
  public HttpResponse<ModelAndView<Map<String, Object>>> customer(Authentication auth, @PathVariable String id) {
    Viewer viewer = viewers.of(auth);
    Map<String, Object> model = Pages.model(viewer, "customer");
    Customer customer;
    try {
      customer = scopes.visibleCustomer(viewer.caller(), id);
    } catch (ApiError notVisible) {
      model.put("message", "Not found: there is no customer " + id + " in " + viewer.portfolio() + ".");
      return Pages.render(HttpStatus.NOT_FOUND, "problem", model);
    }
    model.put("c", page.of(customer));
    return Pages.render(HttpStatus.OK, "customer", model);
  }
}
