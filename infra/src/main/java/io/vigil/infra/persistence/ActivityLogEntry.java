package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of agent_activity_log; {@code details} is the stored jsonb text. */
@MappedEntity("agent_activity_log")
public record ActivityLogEntry(
    @Id Long id, @Nullable String customerId, @Nullable String workflowId, String action, String details, Instant createdAt) {}
