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
    @Nullable String closedBy, @Nullable String outcome, @Nullable String dismissReason) {
  /** The columns a RiskSignal is read from (its metadata as text), for statements written by hand. */
  public static final String COLUMNS = "id, customer_id, type, severity, metadata::text AS metadata, created_at, status,"
      + " owner_id, acknowledged_at, closed_at, closed_by, outcome, dismiss_reason";
}
