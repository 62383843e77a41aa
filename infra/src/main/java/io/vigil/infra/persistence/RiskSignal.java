package io.vigil.infra.persistence;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** {@code metadata} is the stored jsonb text. */
@MappedEntity("risk_signals")
public record RiskSignal(@Id Long id, String customerId, String type, String severity, String metadata, Instant createdAt) {}
