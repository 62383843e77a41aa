package io.vigil.workflows.usagedrop;

import java.time.Instant;

/** What {@code getState} answers: where the check-in is, for operators and the API. */
public record CheckinState(
    String stage, String severity, String approvalId, String approvalStatus, Instant cooldownUntil, int suppressedDetections) {}
