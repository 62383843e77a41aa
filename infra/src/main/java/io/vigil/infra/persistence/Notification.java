package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("notifications")
public record Notification(
    @Id Long id,
    String idempotencyKey,
    @Nullable String customerId,
    String channel,
    String recipient,
    @Nullable String subject,
    String text,
    String status,
    @Nullable String externalId,
    @Nullable String externalThread,
    @Nullable String error,
    @Nullable String workflowId,
    Instant createdAt) {}
