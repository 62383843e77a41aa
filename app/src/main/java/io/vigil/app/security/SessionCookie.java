package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The dashboard's session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site form
 * post carries it), Secure when VIGIL_PUBLIC_URL is https. It is read on the pages only: /api keeps
 * answering to bearer credentials alone, so no API call can be forged from a browser.
 */
@Singleton
public class SessionCookie {
  public static final String NAME = "vigil_session";

  private final boolean secure;

  public SessionCookie(@Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl) {
    this.secure = publicUrl.trim().toLowerCase().startsWith("https:");
  }

  public Cookie of(String secret, Duration lifetime) {
    return Cookie.of(NAME, secret).httpOnly(true).sameSite(SameSite.Lax).secure(secure).path("/").maxAge(lifetime);
  }

  /** An already expired cookie of the same name: the browser drops its copy. */
  public Cookie cleared() {
    return Cookie.of(NAME, "").httpOnly(true).sameSite(SameSite.Lax).secure(secure).path("/").maxAge(0);
  }

  /** The session secret the request carries, on a page; never on /api. */
  public static Optional<String> read(HttpRequest<?> request) {
    if (isApi(request)) {
      return Optional.empty();
    }
    return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(v -> v.startsWith(WebSessions.PREFIX));
  }

  /**
   * The paths machines call with a bearer token, never a browser's session: the API and Prometheus'
   * {@code /metrics} (a refusal there is a 401 Prometheus can report, not a redirect to the sign-in page).
   */
  public static boolean isApi(HttpRequest<?> request) {
    String path = request.getPath();
    return path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics");
  }
}
