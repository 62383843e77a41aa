package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
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
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.security.OidcProvider;
import io.vigil.app.security.OidcSigninRefused;
import io.vigil.app.security.OidcSignins;
import io.vigil.app.security.OidcStateCookie;
import io.vigil.app.security.SessionCookie;
import io.vigil.app.security.WebSessions;

/**
 * "Sign in with <provider>": sends the browser to the identity provider, and takes it back at
 * {@link OidcProvider#CALLBACK_PATH} into the same kind of session a sign-in link opens (method
 * {@code oidc}). Without VIGIL_OIDC_ISSUER and VIGIL_OIDC_CLIENT_ID both answer 404 in words (a
 * missing route would send the browser to the sign-in page instead, as for any page).
 */
@Hidden
@Controller("/signin/oidc")
@Produces(MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class OidcSigninController {
  private final OidcSignins signins;
  private final WebSessions sessions;
  private final SessionCookie sessionCookie;
  private final OidcStateCookie stateCookie;
  private final String providerName;

  public OidcSigninController(@Nullable OidcSignins signins, WebSessions sessions, SessionCookie sessionCookie,
      OidcStateCookie stateCookie, @Nullable OidcProvider provider) {
    this.providerName = provider == null ? null : provider.name();
    this.signins = signins;
    this.sessions = sessions;
    this.sessionCookie = sessionCookie;
    this.stateCookie = stateCookie;
  }

  @Get
  public HttpResponse<?> start(@Nullable @QueryValue String next) {
    if (signins == null) {
      return notConfigured();
    }
    try {
      OidcSignins.Started started = signins.begin(Pages.safeNext(next));
      return HttpResponse.seeOther(started.authorizationUrl()).cookie(stateCookie.of(started.state()));
    } catch (OidcSigninRefused refused) {
      return Pages.render(refused.status(), "signin", SigninController.model(null, next, refused.getMessage(), providerName));
    }
  }

  @Get("/callback")
  public HttpResponse<?> callback(HttpRequest<?> request, @Nullable @QueryValue String state,
      @Nullable @QueryValue String code, @Nullable @QueryValue String error) {
    if (signins == null) {
      return notConfigured();
    }
    try {
      OidcSignins.Finished finished = signins.finish(state, OidcStateCookie.read(request).orElse(null), code, error);
      WebSessions.Opened session = sessions.open(finished.userId(), "oidc");
      return Pages.seeOther(Pages.safeNext(finished.next()))
          .cookie(sessionCookie.of(session.secret(), WebSessions.LIFETIME))
          .cookie(stateCookie.cleared());
    } catch (OidcSigninRefused refused) {
      return Pages.render(refused.status(), "signin", SigninController.model(null, "/", refused.getMessage(), providerName))
          .cookie(stateCookie.cleared());
    }
  }

  private static HttpResponse<?> notConfigured() {
    return Pages.render(HttpStatus.NOT_FOUND, "signin", SigninController.model(null, "/",
        "Vigil has no identity provider to sign in with (VIGIL_OIDC_ISSUER and VIGIL_OIDC_CLIENT_ID are not set). "
            + "Sign in with a one-time link.", null));
  }
}
