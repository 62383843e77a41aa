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
import io.vigil.app.security.Roles;
import io.vigil.app.triggers.TriggerEdits;
import io.vigil.infra.persistence.TriggerRule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The Rules page ({@code /rules}): every trigger rule with its history, read by anyone signed in, as
 * {@code GET /api/triggers} is. Editing, disabling and enabling are an admin's, as in the API, and go
 * through the same {@link TriggerEdits}; a refused edit is shown in the API's words beside the form,
 * with what was typed, and changes nothing.
 */
@Hidden
@Controller("/rules")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class RulesPageController {
  private final RulesPage page;
  private final TriggerEdits edits;
  private final Viewers viewers;

  public RulesPageController(RulesPage page, TriggerEdits edits, Viewers viewers) {
    this.page = page;
    this.edits = edits;
    this.viewers = viewers;
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> rules(Authentication auth, @Nullable @QueryValue String changed) {
    return Pages.render(HttpStatus.OK, "rules", model(viewers.of(auth), changed, null, null));
  }

  @Post("/{id}")
  @Secured(Roles.ADMIN)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> edit(Authentication auth, @PathVariable String id, @Body RuleForm form) {
    Viewer viewer = viewers.of(auth);
    try {
      TriggerRule rule = edits.find(id);
      edits.update(viewer.caller(), id, form.request(rule.type()));
    } catch (ApiError refused) {
      return Pages.render(refused.status(), "rules", model(viewer, id, form, refused));
    }
    return saved(id);
  }

  @Post("/{id}/disable")
  @Secured(Roles.ADMIN)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> disable(Authentication auth, @PathVariable String id) {
    return enable(auth, id, false);
  }

  @Post("/{id}/enable")
  @Secured(Roles.ADMIN)
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> enable(Authentication auth, @PathVariable String id) {
    return enable(auth, id, true);
  }

  private HttpResponse<?> enable(Authentication auth, String id, boolean enabled) {
    Viewer viewer = viewers.of(auth);
    try {
      edits.setEnabled(viewer.caller(), id, enabled);
    } catch (ApiError refused) {
      return Pages.render(refused.status(), "rules", model(viewer, id, null, refused));
    }
    return saved(id);
  }

  private static HttpResponse<?> saved(String id) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
    return Pages.seeOther("/rules?changed=" + encoded + "#rule-" + encoded);
  }

  /** {@code id}: the rule just saved, or whose change was refused ({@code refusal}, with what was {@code typed}). */
  private Map<String, Object> model(Viewer viewer, String id, RuleForm typed, ApiError refusal) {
    List<RulesPage.Rule> rules = page.rules(id, typed, refusal);
    Map<String, Object> model = Pages.model(viewer, "rules");
    model.put("rules", rules);
    model.put("mayEdit", viewer.caller().is(Roles.ADMIN));
    // a refusal with no form to stand beside (an unknown rule) goes on top of the page
    model.put("error", refusal != null && rules.stream().noneMatch(RulesPage.Rule::isRefused) ? Words.of(refusal) : null);
    model.put("ok", refusal != null || id == null ? null : rules.stream().filter(r -> r.id().equals(id)).findFirst()
        .map(r -> "Rule \u201c" + r.name() + "\u201d saved: the sweep uses it from its next run.").orElse(null));
    return model;
  }
}
