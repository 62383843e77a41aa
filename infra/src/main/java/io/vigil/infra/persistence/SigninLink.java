package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A one-time browser sign-in link (V210); only its secret's hash is stored. */
@MappedEntity("signin_links")
public record SigninLink(@Id String id, String tokenHash, String userId, Instant expiresAt, @Nullable Instant usedAt,
    @Nullable String createdBy, Instant createdAt) {}
