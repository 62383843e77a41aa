package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One stalled feature as the detection query finds it on a day, with what suppresses an alert for it. */
public record StallRow(
    String customerId,
    String customerName,
    String csmId,
    String segment,
    BigDecimal arr,
    String adoptionId,
    String featureId,
    String featureName,
    int importanceScore,
    int expectedAdoptionDays,
    int usageScore,
    String stage,
    LocalDate stageSince,
    Integer daysSinceActivation,
    String stallReason,
    LocalDate stalledSince,
    Instant lastAlertedAt,
    Instant interventionSentAt,
    String interventionType) {}
