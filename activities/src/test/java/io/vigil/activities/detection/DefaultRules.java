package io.vigil.activities.detection;

import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The default usage-drop rules, as the migrations seed them. */
final class DefaultRules implements TriggerRuleRepository {
  @Override
  public Optional<TriggerRule> findById(String id) {
    return findEnabled("usage_drop").stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public List<TriggerRule> search(String type, Instant afterAt, String afterId, int limit) {
    return findEnabled("usage_drop");
  }

  @Override
  public List<TriggerRule> findEnabled(String type) {
    return List.of(rule("dau", 30), rule("wau", 30), rule("mau", 30), rule("feature_usage", 50), rule("login_frequency", 50));
  }

  private static TriggerRule rule(String metric, int threshold) {
    return new TriggerRule("usage-drop-" + metric, "usage_drop", metric, null, metric, BigDecimal.valueOf(threshold), 28, 7,
        null, new String[] {"slack_notify", "create_task", "draft_email", "update_health_score"}, true, Instant.EPOCH, null, null);
  }
}
