package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An API token: a person's ({@code userId}) or a machine's ({@code role}); only its SHA-256 is stored. */
@MappedEntity("api_tokens")
public record ApiToken(
    @Id String id,
    String name,
    String tokenHash,
    @Nullable String userId,
    @Nullable String role,
    @Nullable Instant expiresAt,
    @Nullable String createdBy,
    Instant createdAt,
    @Nullable Instant revokedAt) {

  public boolean isUsableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
  }
}
