package io.vigil.infra.persistence;

import java.time.Instant;
import java.util.List;

/** A stored support ticket; {@code category} is the one in force (a person's correction, else the prediction). */
public record TicketRow(String id, String customerId, String subject, String body, String status, String priority,
    String requesterEmail, List<String> tags, Integer csat, String source, Instant openedAt, Instant sourceUpdatedAt,
    String predictedCategory, double categoryConfidence, String categoryReason, String categorySource,
    String correctedCategory, String category, Instant createdAt, Instant updatedAt) {}
