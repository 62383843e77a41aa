package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** One state-changing request: who, what, when, from where, and how it ended. */
@MappedEntity("audit_log")
public record AuditEntry(
    @Id Long id,
    Instant at,
    @Nullable String actorUserId,
    @Nullable String credentialId,
    @Nullable String role,
    String method,
    String path,
    @Nullable String route,
    @TypeDef(type = DataType.STRING_ARRAY) String[] targetIds,
    @Nullable String customerId,
    @Nullable String remote,
    int status,
    String outcome) {}
