package io.vigil.workflows.risk;

import java.time.Instant;

/** What the {@code getState} query and the workflow's result answer. */
public record EscalationState(String stage, EscalationKind kind, EscalationCause cause, String severity,
    Instant escalatedAt, Instant outcomeAt, EscalationOutcome outcome, Instant cooldownUntil, int suppressedTriggers) {}
