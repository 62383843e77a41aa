package io.vigil.infra.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's health on one day as stored: the score (null when no component had data), band,
 * trend (null without scores from three to four weeks before), each component's score (null:
 * missing), the components with their inputs as JSON, the components left out and the sentence
 * naming the input that moved the score most.
 */
public record DailyHealth(String customerId, LocalDate asOf, Integer score, String band, String trend,
    BigDecimal engagement, BigDecimal sentiment, BigDecimal growth, String componentsJson, List<String> missing,
    String mostImpactful, Instant computedAt) {}
