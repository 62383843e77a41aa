package io.vigil.workflows.risk;

import io.vigil.workflows.common.SuppressedDetections;
import java.time.Instant;

/**
 * What an escalation continued as new (its history flooded by suppressed triggers) carries: when it
 * escalated, when the outcome is due, the outcome once measured, the end of the cooldown and the
 * triggers recorded so far.
 */
public record EscalationResume(Instant escalatedAt, Instant outcomeAt, EscalationOutcome outcome, Instant cooldownUntil,
    SuppressedDetections.Carried suppressed) {}
