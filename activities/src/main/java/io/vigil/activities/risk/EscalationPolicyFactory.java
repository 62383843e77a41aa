package io.vigil.activities.risk;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.vigil.workflows.risk.EscalationPolicy;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The escalations' waits: {@code VIGIL_ESCALATION_OUTCOME_AFTER}, {@code VIGIL_ESCALATION_COOLDOWN} (30 days each). */
@Factory
public class EscalationPolicyFactory {
  @Singleton
  EscalationPolicy escalationPolicy(
      @Value("${vigil.escalation.outcome-after:30d}") Duration outcomeAfter,
      @Value("${vigil.escalation.cooldown:30d}") Duration cooldown) {
    return new EscalationPolicy(outcomeAfter, cooldown);
  }
}
