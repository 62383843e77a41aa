package io.vigil.app.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.uri.UriBuilder;
import java.net.URI;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 401 (no or no valid credential, with {@code WWW-Authenticate: Bearer}) and 403 (a valid credential
 * without the right), each saying which in the API's error shape.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationErrors implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
  @Override
  public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
    if (!SessionCookie.isApi(request)) {
      return onPage(request, exception);
    }
    if (exception.isForbidden()) {
      Object problem = exception.getAuthentication() == null ? null
          : exception.getAuthentication().getAttributes().get(Caller.PROBLEM);
      String role = exception.getAuthentication() == null ? null
          : exception.getAuthentication().getRoles().stream().findFirst().orElse(null);
      String message = problem != null ? problem.toString()
          : "the " + role + " role may not " + request.getMethodName() + " " + request.getPath();
      return HttpResponse.status(HttpStatus.FORBIDDEN).body(body(403, "forbidden", message));
    }
    boolean sent = request.getHeaders().getAuthorization().isPresent();
    String message = sent
        ? "the bearer credential is not valid (unknown, revoked or expired)"
        : "a credential is required: send Authorization: Bearer <token>";
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, sent
            ? "Bearer realm=\"vigil\", error=\"invalid_token\""
            : "Bearer realm=\"vigil\"")
        .body(body(401, "unauthorized", message));
  }

  /**
   * The dashboard's pages: not signed in goes to the sign-in page (htmx follows {@code HX-Redirect},
   * as a swapped fragment cannot redirect the page); signed in without the right is a plain 403.
   */
  private static MutableHttpResponse<?> onPage(HttpRequest<?> request, AuthorizationException exception) {
    if (exception.isForbidden()) {
      return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN_TYPE)
          .body("Your role may not open " + request.getPath() + ".");
    }
    String next = request.getMethod() == HttpMethod.GET ? request.getUri().toString() : "/";
    URI signin = UriBuilder.of("/signin").queryParam("next", next).build();
    if (request.getHeaders().contains("HX-Request")) {
      return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", signin.toString());
    }
    return HttpResponse.seeOther(signin);
  }

  static Map<String, Object> body(int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", error);
    body.put("message", message);
    return body;
  }
}
