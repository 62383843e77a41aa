package io.vigil.workflows.risk;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;
import java.time.Instant;

/**
 * The steps of both escalations (at-risk and churn-risk). Each is keyed: a retried or replayed step
 * finds what it did before. Method names carry "Escalation": activity type names are global on a worker.
 */
@ActivityInterface
public interface RiskEscalationActivities {
  /**
   * Records the escalation: the {@code at_risk} or {@code churn_risk} risk signal (with the ARR at
   * risk and the risk factors as they stood), the trigger event and an {@code escalation_started}
   * line. Answers the risk signal's id.
   */
  long recordEscalation(String key, EscalationTrigger trigger);

  /** A trigger that arrived while the escalation ran or cooled down: a suppressed trigger event and log line. */
  void recordSuppressedEscalation(String key, EscalationTrigger trigger, String reason);

  /**
   * Sends the escalation to {@code recipient} (Slack DM, email fallback, once per key): ARR at risk,
   * risk factors, recommended actions and the intervention timeline. A CSM without a manager: the
   * at-risk escalation goes to the CSM instead; the churn-risk one, which the CSM already got, is not
   * sent twice. Either way an {@code escalation_manager_missing} line says so. Answers the delivery,
   * or null when nothing was sent.
   */
  Delivery notifyEscalation(String key, EscalationTrigger trigger, EscalationRecipient recipient);

  /**
   * Measures where the customer stands {@code outcomeAfter} on: churned (a {@code churned} event
   * since {@code escalatedAt}), recovered (green, or yellow and not declining) or still at risk;
   * records it on the customer's timeline ({@code escalation_outcome}) and on the escalation's risk
   * signal.
   */
  EscalationOutcome recordEscalationOutcome(String key, EscalationTrigger trigger, Instant escalatedAt);
}
