package io.vigil.app.security;

import io.micronaut.core.annotation.Introspected;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Limits;
import io.vigil.app.api.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.api.ApiError;
import io.vigil.infra.persistence.ApiToken;
import io.vigil.infra.persistence.ApiTokenRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** API tokens (admins only): issued with the secret shown once, listed without it, revoked at once. */
@Controller("/api/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
public class TokensController {
  private final ApiTokens issuer;
  private final ApiTokenRepository tokens;
  private final UserRepository users;
  private final Clock clock;

  public TokensController(ApiTokens issuer, ApiTokenRepository tokens, UserRepository users, Clock clock) {
    this.issuer = issuer;
    this.tokens = tokens;
    this.users = users;
    this.clock = clock;
  }

  public record IssuedToken(String id, String token, String name, @Nullable String userId, @Nullable String role, @Nullable Instant expiresAt) {}

  public record TokenView(String id, String name, @Nullable String userId, @Nullable String role, @Nullable Instant expiresAt, Instant createdAt,
      @Nullable String createdBy, @Nullable Instant revokedAt, String status) {}

  /**
   * {@code {name, userId?, role?, expiresAt?}}: a person's token ({@code userId}) acts as that person
   * with their current role; a machine token ({@code role}, usually {@code integration}) has no person.
   */
  @Introspected
  public record TokenRequest(
      @NotBlank @Size(max = Limits.NAME) String name,
      @Nullable @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String userId,
      @Nullable @Pattern(regexp = "admin|manager|csm|integration",
          message = "must be one of admin, manager, csm, integration") String role,
      @Nullable Instant expiresAt) {}

  @Post
  public HttpResponse<IssuedToken> create(Authentication auth, @Body @Valid TokenRequest body) {
    String name = body.name();
    String userId = body.userId();
    String role = body.role();
    Instant expiresAt = body.expiresAt();
    List<ApiError.FieldError> errors = new ArrayList<>();
    User user = null;
    if (userId != null) {
      user = users.findById(userId).orElse(null);
      if (user == null) {
        errors.add(new ApiError.FieldError("userId", "no user " + userId));
      } else if (role != null && !role.equals(user.role())) {
        errors.add(new ApiError.FieldError("role", "a person's token carries the person's role (" + user.role()
            + "); leave role out"));
      }
    } else if (role == null) {
      errors.add(new ApiError.FieldError("role", "give userId (a person's token) or role (a machine token)"));
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      errors.add(new ApiError.FieldError("expiresAt", "must lie in the future"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    ApiTokens.Issued issued = issuer.issue(name.strip(), userId, userId == null ? role : null, expiresAt,
        Caller.of(auth).actor());
    ApiToken t = issued.token();
    return HttpResponse.created(new IssuedToken(t.id(), issued.secret(), t.name(), t.userId(),
        user != null ? user.role() : t.role(), t.expiresAt()));
  }

  @Get
  public Page<TokenView> list(@Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("tokens", limit, cursor, 1);
    return page.page(tokens.page(page.text(0), page.fetch()), this::view, t -> List.of(t.id()));
  }

  @Delete("/{id}")
  public HttpResponse<Void> revoke(@PathVariable String id) {
    ApiToken token = tokens.findById(id).orElseThrow(() -> ApiError.notFound("token", id));
    if (token.revokedAt() == null) {
      tokens.revoke(id);
    }
    return HttpResponse.noContent();
  }

  private TokenView view(ApiToken t) {
    Instant now = clock.instant();
    String status = t.revokedAt() != null ? "revoked" : t.isUsableAt(now) ? "active" : "expired";
    String role = t.userId() == null ? t.role() : users.findById(t.userId()).map(User::role).orElse(null);
    return new TokenView(t.id(), t.name(), t.userId(), role, t.expiresAt(), t.createdAt(), t.createdBy(), t.revokedAt(),
        status);
  }
}
