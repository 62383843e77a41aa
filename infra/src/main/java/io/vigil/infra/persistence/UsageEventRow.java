package io.vigil.infra.persistence;

import java.time.Instant;

/** A validated usage event, ready to store. */
public record UsageEventRow(String eventId, String customerId, String userId, String eventType, String featureId, Instant occurredAt) {}
