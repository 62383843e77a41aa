package io.vigil.app.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;

/** Dashboard sessions ({@link WebSessions}), on the pages only: under /api a session secret is no credential. */
@Singleton
public class SessionTokenValidator implements TokenValidator<HttpRequest<?>> {
  private final WebSessions sessions;
  private final ExecutorService blocking;

  public SessionTokenValidator(WebSessions sessions, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.sessions = sessions;
    this.blocking = blocking;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    if (SessionCookie.isApi(request) || !token.startsWith(WebSessions.PREFIX)) {
      return Publishers.empty();
    }
    // a JDBC lookup: off the event loop, as for API tokens
    return Publishers.fromCompletableFuture(
        () -> CompletableFuture.supplyAsync(() -> sessions.authenticate(token).orElse(null), blocking));
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE + 1;
  }
}
