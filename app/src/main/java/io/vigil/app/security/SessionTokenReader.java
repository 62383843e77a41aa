package io.vigil.app.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.reader.TokenReader;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Hands the dashboard's session cookie to the token validators (see {@link SessionTokenValidator}). */
@Singleton
public class SessionTokenReader implements TokenReader<HttpRequest<?>> {
  @Override
  public Optional<String> findToken(HttpRequest<?> request) {
    return SessionCookie.read(request);
  }

  @Override
  public int getOrder() {
    // after the bearer header: a request that carries both is a script's, and speaks for itself
    return LOWEST_PRECEDENCE;
  }
}
