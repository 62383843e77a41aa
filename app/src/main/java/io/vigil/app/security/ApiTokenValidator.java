package io.vigil.app.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;
import java.util.concurrent.CompletableFuture;

/** Bearer tokens issued by Vigil (and VIGIL_ADMIN_TOKEN); JWTs fall through to micronaut-security-jwt. */
@Singleton
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final ApiTokens tokens;
  private final ExecutorService blocking;

  public ApiTokenValidator(ApiTokens tokens, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.tokens = tokens;
    this.blocking = blocking;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    // the lookup is a JDBC query: keep it off the event loop
    // a null result completes the publisher empty: the next validator (JWT) gets its turn
    return Publishers.fromCompletableFuture(
        () -> CompletableFuture.supplyAsync(() -> tokens.authenticate(token).orElse(null), blocking));
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }
}
