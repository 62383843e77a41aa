package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;

/** A ticket as theme finding reads it: its text, its category in force, and its customer's name and ARR. */
public record ThemeTicket(String id, String customerId, String customerName, BigDecimal customerArr, String csmId,
    String category, String subject, String body, Instant openedAt) {}
