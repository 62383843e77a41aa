package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.order.Ordered;
import java.net.URI;
import java.util.Set;

/**
 * CSRF defence for the dashboard (docs/decisions.md, "Dashboard sessions"): the session cookie is
 * SameSite=Lax, so other sites' form posts arrive without it, and on top of that every
 * state-changing page request must come from a page of this server, as its {@code Origin} (or, when
 * a browser sends none, its {@code Referer}) shows. /api is left alone: it takes bearer credentials
 * only, which a browser never adds by itself.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SameOriginCheck implements Ordered {
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final String publicOrigin;

  public SameOriginCheck(@Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl) {
    this.publicOrigin = origin(publicUrl);
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> check(HttpRequest<?> request) {
    if (SAFE.contains(request.getMethod()) || SessionCookie.isApi(request)) {
      return null;
    }
    String claimed = request.getHeaders().get("Origin");
    if (claimed == null || claimed.isBlank() || "null".equals(claimed)) {
      claimed = origin(request.getHeaders().get(HttpHeaders.REFERER));
    }
    String host = request.getHeaders().get(HttpHeaders.HOST);
    String own = host == null ? null : host.toLowerCase();
    String given = claimed == null ? null : origin(claimed);
    if (given != null && (given.equals(publicOrigin) || own != null && given.endsWith("://" + own))) {
      return null;
    }
    return HttpResponse.status(io.micronaut.http.HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN_TYPE)
        .body("Refused: this form was not sent from a Vigil page (its Origin was " + (claimed == null ? "missing" : claimed)
            + "). Reload the page and try again.");
  }

  /** scheme://host[:port] of a URL, lower-cased; null when it is not one. */
  static String origin(@Nullable String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(url.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return null;
      }
      return (uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())).toLowerCase();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
