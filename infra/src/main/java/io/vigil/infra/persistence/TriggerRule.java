package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A trigger rule: a metric, its drop threshold (percent), the baseline length and the cooldown.
 * Changed only through {@link TriggerRuleChanges}, which keeps who changed what.
 */
@MappedEntity("triggers")
public record TriggerRule(
    @Id String id,
    String type,
    String name,
    @Nullable String segment,
    String metricType,
    BigDecimal threshold,
    int comparisonPeriodDays,
    int cooldownDays,
    @Nullable String minSeverity,
    @TypeDef(type = DataType.STRING_ARRAY) String[] actions,
    boolean enabled,
    Instant createdAt,
    @Nullable Instant updatedAt,
    @Nullable String updatedBy) {}
