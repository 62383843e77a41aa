package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds a sign-in through the identity provider to the browser that started it: the OAuth
 * {@code state} in a cookie sent back only to {@code /signin/oidc}, for {@link OidcSignins#TTL}.
 * SameSite=Lax still carries it on the provider's redirect back (a top-level GET), which Strict would not.
 */
@Singleton
public class OidcStateCookie {
  public static final String NAME = "vigil_oidc_state";
  private static final String PATH = "/signin/oidc";

  private final boolean secure;

  public OidcStateCookie(@Value("${vigil.public-url:`http://localhost:8080`}") String publicUrl) {
    this.secure = publicUrl.trim().toLowerCase().startsWith("https:");
  }

  public Cookie of(String state) {
    return Cookie.of(NAME, state).httpOnly(true).sameSite(SameSite.Lax).secure(secure).path(PATH).maxAge(OidcSignins.TTL);
  }

  public Cookie cleared() {
    return Cookie.of(NAME, "").httpOnly(true).sameSite(SameSite.Lax).secure(secure).path(PATH).maxAge(0);
  }

  public static Optional<String> read(HttpRequest<?> request) {
    return request.getCookies().findCookie(NAME).map(Cookie::getValue).filter(v -> !v.isBlank());
  }
}
