package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A customer's adoption of one catalog feature as of {@code evaluatedOn}, with the catalog's importance. */
public record FeatureAdoptionRow(
    String id,
    String customerId,
    String featureId,
    String featureName,
    int importanceScore,
    Instant activatedAt,
    String activationSource,
    Instant lastUsedAt,
    int usageCount,
    int featureUsers,
    int activeUsers,
    int usageScore,
    String stage,
    LocalDate stageSince,
    LocalDate adoptedOn,
    int expectedAdoptionDays,
    boolean stalled,
    String stallReason,
    Instant stallDetectedAt,
    Instant recoveredAt,
    Instant lastAlertedAt,
    Instant interventionSentAt,
    String interventionType,
    Integer adoptionAfterIntervention,
    LocalDate evaluatedOn,
    BigDecimal customerArr) {

  /** Days in the current stage as of {@code evaluatedOn}. */
  public int daysInStage() {
    return stageSince == null || evaluatedOn == null ? 0 : (int) (evaluatedOn.toEpochDay() - stageSince.toEpochDay());
  }
}
