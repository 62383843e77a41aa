package io.vigil.app.tickets;

import java.time.Instant;
import java.util.List;

/** A ticket version as a sender described it, validated and normalized, before it is categorized. */
record ReceivedTicket(String id, String customerId, String subject, String body, String status, String priority,
    String requesterEmail, List<String> tags, Integer csat, String source, Instant openedAt, Instant sourceUpdatedAt) {
  static final String API = "api";
  static final String ZENDESK = "zendesk";
}
