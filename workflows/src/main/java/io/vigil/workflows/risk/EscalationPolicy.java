package io.vigil.workflows.risk;

import java.time.Duration;

/**
 * How long an escalation waits before measuring its outcome, and how long after the outcome it keeps
 * suppressing new triggers for the customer ({@code vigil.escalation.outcome-after},
 * {@code vigil.escalation.cooldown}; both 30 days by default).
 */
public record EscalationPolicy(Duration outcomeAfter, Duration cooldown) {
  public static final EscalationPolicy DEFAULT = new EscalationPolicy(Duration.ofDays(30), Duration.ofDays(30));
}
