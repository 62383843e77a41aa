package io.vigil.infra.persistence;

import java.time.Instant;

/** One survey answer as received: {@code type} is nps (score 0-10) or csat (1-5); comment and feature may be null. */
public record SurveyResponse(String id, String customerId, String contactEmail, String type, int score, String comment,
    Instant respondedAt, String featureId) {}
