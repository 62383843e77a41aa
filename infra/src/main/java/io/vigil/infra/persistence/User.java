package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("users")
public record User(
    @Id String id,
    String name,
    String email,
    String role,
    @Nullable String managerId,
    @Nullable String slackUserId) {}
