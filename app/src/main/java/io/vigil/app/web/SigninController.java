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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.security.OidcProvider;
import io.vigil.app.security.SessionCookie;
import io.vigil.app.security.SigninLinks;
import io.vigil.app.security.WebSessions;
import java.util.HashMap;
import java.util.Map;

/**
 * Signing in with a one-time link (or, when one is configured, the page offering the identity
 * provider: {@link OidcSigninController}), and out. Opening the link shows a button rather than signing in
 * at once: mail scanners and link previews open links too, and would use it up. Signing out ends the
 * session row, not just the cookie.
 */
@Hidden
@Controller
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SigninController {
  private final SigninLinks links;
  private final WebSessions sessions;
  private final SessionCookie cookie;
  private final String oidcName;

  public SigninController(SigninLinks links, WebSessions sessions, SessionCookie cookie, @Nullable OidcProvider oidc) {
    this.links = links;
    this.sessions = sessions;
    this.cookie = cookie;
    this.oidcName = oidc == null ? null : oidc.name();
  }

  @Get("/signin")
  public HttpResponse<ModelAndView<Map<String, Object>>> page(@Nullable @QueryValue String token,
      @Nullable @QueryValue String next, @Nullable @QueryValue String signedOut) {
    Map<String, Object> model = model(token, next, null, oidcName);
    model.put("signedOut", signedOut != null);
    return Pages.render(HttpStatus.OK, "signin", model);
  }

  @Post("/signin")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> signIn(@Nullable @Body Forms.Signin form) {
    String token = form == null ? null : form.token();
    String next = form == null ? null : form.next();
    SigninLinks.Redemption redemption = links.redeem(token == null ? null : token.strip());
    if (redemption.refusal() != null) {
      return Pages.render(HttpStatus.UNAUTHORIZED, "signin", model(null, next, redemption.refusal().message(), oidcName));
    }
    WebSessions.Opened session = sessions.open(redemption.userId(), "link");
    return Pages.seeOther(Pages.safeNext(next)).cookie(cookie.of(session.secret(), WebSessions.LIFETIME));
  }

  @Post("/signout")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> signOut(HttpRequest<?> request) {
    SessionCookie.read(request).ifPresent(sessions::end);
    return Pages.seeOther("/signin?signedOut=1").cookie(cookie.cleared());
  }

  /** {@code oidcName}: the identity provider to offer ("Sign in with ..."), null when none is configured. */
  static Map<String, Object> model(String token, String next, String error, @Nullable String oidcName) {
    Map<String, Object> model = new HashMap<>();
    model.put("oidcName", oidcName);
    model.put("token", token);
    model.put("next", Pages.safeNext(next));
    model.put("error", error);
    model.put("signedOut", false);
    return model;
  }
}
