package io.vigil.infra.persistence;

import java.time.Instant;
import java.util.List;

/**
 * One version of a support ticket as received (API batch or Zendesk event), with the category the
 * classifier predicted for its text. {@code sourceUpdatedAt} orders versions when the sender gives it.
 */
public record TicketVersion(String id, String customerId, String subject, String body, String status, String priority,
    String requesterEmail, List<String> tags, Integer csat, String source, Instant openedAt, Instant sourceUpdatedAt,
    String predictedCategory, double categoryConfidence, String categoryReason, String categorySource) {}
