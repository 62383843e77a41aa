package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface HealthActivities {
  /**
   * Scores the customer's health again, once per key, after a playbook recorded something the score
   * reads (a usage drop's risk signal lowers engagement by its severity: docs/health.md). The name
   * and {@code delta}, the effect this step had before the health model, stay for recorded histories.
   */
  HealthChange adjustHealthScore(String idempotencyKey, String customerId, int delta, String reason);
}
