package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A signed-in browser (V210): {@code method} is how it signed in, link or oidc. */
@MappedEntity("web_sessions")
public record WebSession(@Id String id, String tokenHash, String userId, String method, Instant expiresAt,
    @Nullable Instant endedAt, Instant createdAt) {
  public boolean isLiveAt(Instant now) {
    return endedAt == null && expiresAt.isAfter(now);
  }
}
