package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * {@code metadata} is the stored jsonb text. {@code status}: open, acknowledged, resolved or dismissed
 * (V200, {@link RiskSignalLifecycle}); {@code acknowledgedAt} is the first action taken on it.
 */
@MappedEntity("risk_signals")
public record RiskSignal(@Id Long id, String customerId, String type, String severity, String metadata, Instant createdAt,
    String status, @Nullable String ownerId, @Nullable Instant acknowledgedAt, @Nullable Instant closedAt,
    @Nullable String closedBy, @Nullable String outcome, @Nullable String dismissReason) {}
