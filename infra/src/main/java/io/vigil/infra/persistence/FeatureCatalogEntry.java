package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A feature of the catalog. {@code segmentBenchmarks} ({"smb": 0.3}) and {@code trainingResources}
 * (an array of {type, title, url, ...}) are the stored JSON text; {@code plan} the plan tier the
 * feature belongs to, null: every plan.
 */
public record FeatureCatalogEntry(
    String featureId,
    String featureName,
    String category,
    int importanceScore,
    int expectedAdoptionDays,
    BigDecimal targetShare,
    String segmentBenchmarks,
    String trainingResources,
    String tips,
    String keyBenefit,
    String plan,
    Instant createdAt,
    Instant updatedAt) {}
