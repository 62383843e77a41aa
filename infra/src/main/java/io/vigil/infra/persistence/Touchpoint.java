package io.vigil.infra.persistence;

import java.time.Instant;

/**
 * A contact with a customer that a person recorded: a call, meeting, email or note, when it was,
 * who had it and what came of it. {@code recordedBy}: the caller that recorded it (a user id, or
 * null for a machine credential without one).
 */
public record Touchpoint(long id, String customerId, String type, Instant at, String by, String summary,
    String recordedBy, Instant createdAt) {}
