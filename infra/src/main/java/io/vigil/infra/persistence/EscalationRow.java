package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A stored escalation with its tickets (in id order). */
public record EscalationRow(String id, String type, String themeKey, String theme, String category, String status,
    int requests, int customers, BigDecimal totalArr, String priority, EscalationDetails details, int version,
    List<String> ticketIds, Instant createdAt, Instant updatedAt, Instant resolvedAt, String resolvedBy) {}
