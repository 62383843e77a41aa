package io.vigil.infra.persistence;

import java.time.Instant;

/** A person's correction of a ticket's category: who, when, from which category to which. */
public record CategoryCorrection(long id, String ticketId, String fromCategory, String toCategory, String correctedBy,
    Instant correctedAt) {}
