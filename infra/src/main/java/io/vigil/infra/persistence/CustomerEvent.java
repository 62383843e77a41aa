package io.vigil.infra.persistence;

import java.time.Instant;

/** An account event as stored in {@code customer_events}. */
public record CustomerEvent(long id, String customerId, String type, Instant at, String note, String recordedBy,
    Instant createdAt) {}
