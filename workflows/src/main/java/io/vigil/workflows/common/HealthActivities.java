package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface HealthActivities {
  /** Moves a customer's health score by {@code delta} (clamped to 0-100), once per key. */
  HealthChange adjustHealthScore(String idempotencyKey, String customerId, int delta, String reason);
}
