package io.vigil.infra.persistence;

import java.math.BigDecimal;

/**
 * One row of the detection query: a metric whose recent window fell below its baseline. For DAU,
 * {@code weekPercentDrop} is the drop of the 7-day average that must confirm a one-day drop.
 * {@code currentCount} and {@code baselineCount} are what the significance test compares: the
 * recent week's active user-days against the usual number (account metrics), or a feature's uses
 * in the week against its usual weekly uses.
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
    Double weekPercentDrop,
    Double currentCount,
    Double baselineCount) {}
