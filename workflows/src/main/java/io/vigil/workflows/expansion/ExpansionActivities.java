package io.vigil.workflows.expansion;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;

/**
 * The expansion opportunity's steps, each keyed: a retried or replayed step finds what it did
 * before. Method names carry "Expansion": activity type names are global on a worker.
 */
@ActivityInterface
public interface ExpansionActivities {
  /**
   * Records the opportunity: the {@code expansion_opportunity} risk signal (severity {@code
   * positive}; metadata: reason, evidence, ARR), the trigger event and an {@code
   * expansion_opportunity_found} line. Answers the risk signal's id.
   */
  long recordExpansionOpportunity(String key, ExpansionTrigger trigger);

  /** A trigger that arrived during the cooldown: a suppressed trigger event and log line. */
  void recordSuppressedExpansion(String key, ExpansionTrigger trigger, String reason);

  /** Tells the CSM (Slack DM, email when Slack is not connected; once per key) with the evidence and the ARR. */
  Delivery notifyCsmOfExpansion(String key, ExpansionTrigger trigger);
}
