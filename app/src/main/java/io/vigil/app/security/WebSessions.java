package io.vigil.app.security;

import io.micronaut.security.authentication.Authentication;
import io.vigil.infra.persistence.UserRepository;
import io.vigil.infra.persistence.WebSessionRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signed-in browsers, kept as rows (docs/decisions.md, "Dashboard sessions"): the cookie holds a
 * random secret, the database its hash. Like an API token, every request reads the user's current
 * role, and signing out ends the row, so the cookie stops working everywhere at once.
 */
@Singleton
public class WebSessions {
  public static final String PREFIX = "vgs_";
  public static final Duration LIFETIME = Duration.ofHours(12);

  private final WebSessionRepository sessions;
  private final UserRepository users;
  private final Clock clock;

  public WebSessions(WebSessionRepository sessions, UserRepository users, Clock clock) {
    this.sessions = sessions;
    this.users = users;
    this.clock = clock;
  }

  public record Opened(String secret, Instant expiresAt) {}

  /** {@code method}: link or oidc, how the browser proved who it is. */
  public Opened open(String userId, String method) {
    String secret = TokenHashes.newSecret(PREFIX);
    Instant expiresAt = clock.instant().plus(LIFETIME);
    sessions.insert(TokenHashes.newId("ses_"), TokenHashes.hash(secret), userId, method, expiresAt);
    return new Opened(secret, expiresAt);
  }

  /** The session's user with their current role, while the session is live; the credential is {@code session:<id>}. */
  public Optional<Authentication> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return sessions.findByTokenHash(TokenHashes.hash(secret))
        .filter(session -> session.isLiveAt(now))
        .flatMap(session -> users.findById(session.userId())
            .map(user -> ApiTokens.authentication(user.id(), user.role(), "session:" + session.id())));
  }

  public void end(String secret) {
    if (secret != null && secret.startsWith(PREFIX)) {
      sessions.end(TokenHashes.hash(secret));
    }
  }
}
