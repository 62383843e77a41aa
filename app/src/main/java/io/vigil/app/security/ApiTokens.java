package io.vigil.app.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.vigil.infra.persistence.ApiToken;
import io.vigil.infra.persistence.ApiTokenRepository;
import io.vigil.infra.persistence.User;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues, resolves and revokes API tokens. A person's token carries that person's current role (a
 * demoted user's tokens are demoted at once); a machine token carries its own role. Every request
 * looks the token up, so a revocation or expiry takes effect on the next request.
 */
@Singleton
public class ApiTokens {
  public static final String ENV_ADMIN_CREDENTIAL = "env:VIGIL_ADMIN_TOKEN";

  private final ApiTokenRepository tokens;
  private final Clock clock;
  private final String envAdminToken;

  public ApiTokens(ApiTokenRepository tokens, Clock clock,
      @Nullable @Value("${vigil.admin-token:}") String envAdminToken) {
    this.tokens = tokens;
    this.clock = clock;
    this.envAdminToken = envAdminToken == null || envAdminToken.isBlank() ? null : envAdminToken.trim();
  }

  public record Issued(ApiToken token, String secret) {}

  public Issued issue(String name, @Nullable String userId, @Nullable String role, @Nullable Instant expiresAt,
      @Nullable String createdBy) {
    String secret = TokenHashes.newSecret();
    String id = TokenHashes.newId();
    tokens.insert(id, name, TokenHashes.hash(secret), userId, role, expiresAt, createdBy);
    return new Issued(tokens.findById(id).orElseThrow(), secret);
  }

  public boolean hasEnvAdminToken() {
    return envAdminToken != null;
  }

  public boolean hasUsableAdminToken() {
    return tokens.hasUsableAdminToken();
  }

  /** The authentication a bearer secret stands for, if it is a live Vigil token. */
  public Optional<Authentication> authenticate(String secret) {
    if (envAdminToken != null && TokenHashes.sameSecret(envAdminToken, secret)) {
      return Optional.of(authentication(null, Roles.ADMIN, ENV_ADMIN_CREDENTIAL));
    }
    if (!secret.startsWith(TokenHashes.PREFIX)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // the token and its person's current role in one statement, not two: every API request comes here
    return tokens.findWithCurrentRole(TokenHashes.hash(secret))
        .filter(token -> token.isUsableAt(now))
        .map(token -> authentication(token.userId(), token.role(), token.id()));
  }

  /** An identity-provider user, by the email their token carries. */
  static Authentication forUser(Optional<User> user, String email, String credentialId) {
    return user.map(u -> authentication(u.id(), u.role(), credentialId))
        .orElseGet(() -> Authentication.build(email, List.of(),
            Map.of(Caller.CREDENTIAL_ID, credentialId, Caller.PROBLEM, "no Vigil user has the email " + email)));
  }

  static Authentication authentication(@Nullable String userId, String role, String credentialId) {
    Map<String, Object> attributes = userId == null
        ? Map.of(Caller.CREDENTIAL_ID, credentialId)
        : Map.of(Caller.CREDENTIAL_ID, credentialId, Caller.USER_ID, userId);
    return Authentication.build(userId != null ? userId : credentialId, List.of(role), attributes);
  }
}
