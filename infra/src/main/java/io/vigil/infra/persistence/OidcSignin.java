package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A browser sign-in through the identity provider, between the redirect and the callback (V270). */
@MappedEntity("oidc_signins")
public record OidcSignin(@Id String stateHash, String codeVerifier, String nonce, String nextPath, Instant expiresAt,
    @Nullable Instant usedAt, Instant createdAt) {}
