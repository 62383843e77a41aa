package io.vigil.activities.common;

import static io.vigil.activities.common.Lookups.workflowId;

import io.micronaut.transaction.annotation.Transactional;
import io.vigil.activities.health.HealthScore;
import io.vigil.activities.health.HealthScoring;
import io.vigil.infra.persistence.HealthScoreRepository;
import io.vigil.workflows.common.HealthActivities;
import io.vigil.workflows.common.HealthChange;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A playbook's effect on health: the customer is scored again by the model (docs/health.md), whose
 * inputs include what the playbook just recorded (a usage drop's risk signal), once per key. The
 * delta a playbook passes is what its effect used to be; it is kept in the record, not applied.
 */
@Singleton
public class HealthActivitiesImpl implements HealthActivities {
  private final HealthScoreRepository health;
  private final HealthScoring scoring;
  private final ActivityLog log;
  private final Clock clock;

  public HealthActivitiesImpl(HealthScoreRepository health, HealthScoring scoring, ActivityLog log, Clock clock) {
    this.health = health;
    this.scoring = scoring;
    this.log = log;
    this.clock = clock;
  }

  /**
   * One transaction: the scored day (HealthScoring's statements join it, see Sql), the recorded change
   * and its log line commit together, so a retry either finds the change recorded and answers it, or
   * finds nothing of this attempt and scores again.
   */
  @Override
  @Transactional
  public HealthChange adjustHealthScore(String key, String customerId, int delta, String reason) {
    Integer recorded = health.scoreRecordedFor(key);
    if (recorded != null) {
      return new HealthChange(health.previousScoreRecordedFor(key), recorded);
    }
    int before = health.currentScore(customerId);
    LocalDate asOf = scoring.onDemandDay(customerId, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    HealthScore score = scoring.scoreCustomer(customerId, asOf);
    int after = score.score() == null ? before : score.score();
    health.recordChange(key, customerId, after, before, reason);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("before", before);
    details.put("after", after);
    details.put("asOf", asOf.toString());
    details.put("reason", reason);
    details.put("mostImpactful", score.mostImpactful());
    log.append(key, customerId, workflowId(), "health_score_updated", details);
    return new HealthChange(before, after);
  }
}
