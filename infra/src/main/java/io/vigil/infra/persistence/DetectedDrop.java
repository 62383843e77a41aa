package io.vigil.infra.persistence;

import java.math.BigDecimal;

/**
 * One row of the detection query: a metric whose recent window fell below its baseline. For DAU,
 * {@code weekPercentDrop} is the drop of the 7-day average that must confirm a one-day drop.
 */
public record DetectedDrop(
    String customerId,
    String customerName,
    String csmId,
    String segment,
    BigDecimal arr,
    String metricType,
    String featureId,
    double currentValue,
    double baselineValue,
    double percentDrop,
    Double weekPercentDrop) {}
