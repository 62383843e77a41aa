package io.vigil.activities.common;

import static io.vigil.activities.common.Lookups.workflowId;

import io.micronaut.transaction.annotation.Transactional;
import io.vigil.infra.persistence.HealthScoreRepository;
import io.vigil.workflows.common.HealthActivities;
import io.vigil.workflows.common.HealthChange;
import jakarta.inject.Singleton;
import java.util.Map;

@Singleton
public class HealthActivitiesImpl implements HealthActivities {
  private final HealthScoreRepository health;
  private final ActivityLog log;

  public HealthActivitiesImpl(HealthScoreRepository health, ActivityLog log) {
    this.health = health;
    this.log = log;
  }

  @Override
  @Transactional
  public HealthChange adjustHealthScore(String key, String customerId, int delta, String reason) {
    int current = health.lockScore(customerId);
    Integer recorded = health.scoreRecordedFor(key);
    if (recorded != null) {
      return new HealthChange(health.previousScoreRecordedFor(key), recorded);
    }
    int next = Math.max(0, Math.min(100, current + delta));
    health.setScore(customerId, next);
    health.recordChange(key, customerId, next, current, reason);
    log.append(key, customerId, workflowId(), "health_score_updated",
        Map.of("before", current, "after", next, "delta", delta, "reason", reason));
    return new HealthChange(current, next);
  }

}
