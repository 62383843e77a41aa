package io.vigil.app.security;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.api.ApiError;
import io.vigil.infra.persistence.UserRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Instant;

/**
 * One-time browser sign-in links (admins only): the link is shown once, signs its user in once,
 * and expires after {@code ttlMinutes} (15 by default).
 */
@Controller("/api/users/{id}/signin-links")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(Roles.ADMIN)
public class SigninLinksController {
  private final SigninLinks links;
  private final UserRepository users;

  public SigninLinksController(SigninLinks links, UserRepository users) {
    this.links = links;
    this.users = users;
  }

  @Introspected
  public record LinkRequest(@Nullable @Min(value = 1, message = "must be between 1 and 1440 (a day)")
      @Max(value = 1440, message = "must be between 1 and 1440 (a day)") Integer ttlMinutes) {}

  /** {@code url} under VIGIL_PUBLIC_URL, {@code path} the same relative to this server. */
  public record IssuedLink(String id, String userId, String url, String path, Instant expiresAt) {}

  @Post
  public HttpResponse<IssuedLink> issue(Authentication auth, @PathVariable String id, @Nullable @Body @Valid LinkRequest body) {
    if (users.findById(id).isEmpty()) {
      throw ApiError.notFound("user", id);
    }
    Duration ttl = body == null || body.ttlMinutes() == null ? SigninLinks.DEFAULT_TTL : Duration.ofMinutes(body.ttlMinutes());
    SigninLinks.Issued issued = links.issue(id, Caller.of(auth).actor(), ttl);
    return HttpResponse.created(new IssuedLink(issued.id(), issued.userId(), issued.url(), issued.path(), issued.expiresAt()));
  }
}
