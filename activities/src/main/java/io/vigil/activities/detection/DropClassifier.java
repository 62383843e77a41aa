package io.vigil.activities.detection;

import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.RecentDays;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.usagedrop.CheckinPolicy;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns raw drops into alerts: each drop is held against the trigger rule for its metric and the
 * customer's segment (a segment's own rule wins over the general one), severity follows the size
 * of the drop, and one customer's qualifying drops become one alert led by the worst.
 */
public final class DropClassifier {
  static final double FEATURE_MARGIN = 20;
  private static final Set<String> ACCOUNT_METRICS = Set.of("dau", "wau", "mau");

  private final List<TriggerRule> rules;
  private final ApprovalPolicy approvalPolicy;

  public DropClassifier(List<TriggerRule> rules, ApprovalPolicy approvalPolicy) {
    this.rules = rules;
    this.approvalPolicy = approvalPolicy;
  }

  /** The rule that judges {@code metricType} for a customer in {@code segment}, if any. */
  public Optional<TriggerRule> ruleFor(String metricType, String segment) {
    return rules.stream()
        .filter(r -> r.metricType().equals(metricType))
        .filter(r -> r.segment() == null || r.segment().equalsIgnoreCase(segment))
        .max(Comparator.comparing(r -> r.segment() == null ? 0 : 1));
  }

  public List<UsageDropAlert> alerts(LocalDate asOf, List<DetectedDrop> drops) {
    return alerts(asOf, drops, null);
  }

  /**
   * Alerts from drops measured against {@code baselineWeeks} of baseline (null: any); a drop
   * whose governing rule wants another baseline length is judged in that length's query.
   */
  public List<UsageDropAlert> alerts(LocalDate asOf, List<DetectedDrop> drops, Integer baselineWeeks) {
    Map<String, List<Qualified>> byCustomer = new LinkedHashMap<>();
    for (DetectedDrop drop : drops) {
      ruleFor(drop.metricType(), drop.segment())
          .filter(rule -> baselineWeeks == null || weeksOf(rule) == baselineWeeks)
          .filter(rule -> qualifies(drop, rule))
          .ifPresent(rule -> byCustomer.computeIfAbsent(drop.customerId(), k -> new ArrayList<>())
              .add(new Qualified(drop, rule, toMetricDrop(asOf, rule, drop))));
    }
    List<UsageDropAlert> alerts = new ArrayList<>();
    for (List<Qualified> all : byCustomer.values()) {
      List<Qualified> qualified = withoutExplainedFeatureDrops(all);
      qualified.sort(Comparator.comparingDouble((Qualified q) -> q.metricDrop().percentDrop()).reversed());
      Qualified worst = qualified.get(0);
      DetectedDrop d = worst.drop();
      alerts.add(new UsageDropAlert(d.customerId(), d.customerName(), d.csmId(), worst.rule().id(), asOf,
          worst.metricDrop().severity(), qualified.stream().map(Qualified::metricDrop).toList(),
          new CheckinPolicy(Duration.ofDays(worst.rule().cooldownDays()), Set.of(worst.rule().actions()), approvalPolicy)));
    }
    return alerts;
  }

  /** Severity follows the size of the drop, raised to the rule's floor when it sets one. */
  static MetricDrop toMetricDrop(LocalDate asOf, TriggerRule rule, DetectedDrop drop) {
    int weeks = weeksOf(rule);
    Severity bySize = Severity.ofPercentDrop(drop.percentDrop());
    Severity floor = rule.minSeverity() == null ? bySize : Severity.fromLabel(rule.minSeverity());
    Severity severity = floor.compareTo(bySize) > 0 ? floor : bySize;
    return new MetricDrop(drop.metricType(), drop.featureId(), drop.currentValue(), drop.baselineValue(),
        drop.percentDrop(), severity, "dau".equals(drop.metricType()) ? asOf : asOf.minusDays(6), asOf,
        asOf.minusDays(7L * weeks + 6), asOf.minusDays(7),
        evidence(drop));
  }

  /** The test that found the drop in words: the week's counts, or the days since it began when only they are past chance. */
  private static String evidence(DetectedDrop drop) {
    if (drop.currentCount() != null && drop.baselineCount() != null && !weekUnlikely(drop) && sinceItBeganUnlikely(drop)) {
      RecentDays recent = drop.recentDays();
      return DropSignificance.sinceItBeganInWords(recent.userDays(), recent.usual(), recent.days());
    }
    return DropSignificance.inWords(drop.metricType(), drop.featureId(), drop.currentCount(), drop.baselineCount()).orElse(null);
  }

  /**
   * A drop qualifies above its rule's threshold. A one-day DAU drop must also show in the 7-day
   * average (by at least half the threshold): one quiet Tuesday is not a trend, while a drop that
   * began over the weekend shows on Monday in both. And the counts behind it must make it unlikely
   * to be noise ({@link DropSignificance}): on a 6-seat account, a quiet day is not a drop. For DAU
   * either the week's counts or those of the days since the drop began will do: a shallow drop that
   * began on Friday is diluted in a week that still holds the Wednesday and Thursday before it. A
   * day without any event after an active business day is a data gap, not judged for DAU.
   */
  static boolean qualifies(DetectedDrop drop, TriggerRule rule) {
    double threshold = rule.threshold().doubleValue();
    if (drop.percentDrop() <= threshold || drop.dataGap()) {
      return false;
    }
    if (drop.weekPercentDrop() != null && drop.weekPercentDrop() < threshold / 2) {
      return false;
    }
    return drop.currentCount() == null || drop.baselineCount() == null || weekUnlikely(drop) || sinceItBeganUnlikely(drop);
  }

  private static boolean weekUnlikely(DetectedDrop drop) {
    return DropSignificance.unlikelyByChance(drop.currentCount(), drop.baselineCount(), DropSignificance.alphaFor(drop));
  }

  /** Whether the days since a DAU drop began hold fewer active user-days than chance would give. */
  private static boolean sinceItBeganUnlikely(DetectedDrop drop) {
    RecentDays recent = drop.recentDays();
    return recent != null
        && DropSignificance.unlikelyByChance(recent.userDays(), recent.usual(), DropSignificance.SINCE_BEGAN_ALPHA);
  }

  /**
   * When the whole account dropped, every feature dropped with it; such feature drops add nothing
   * and would let one noisy feature set the severity. A feature's drop is kept only when it is
   * {@value #FEATURE_MARGIN} points deeper than the account-wide (DAU/WAU/MAU) drop.
   */
  private static List<Qualified> withoutExplainedFeatureDrops(List<Qualified> qualified) {
    double accountDrop = qualified.stream()
        .filter(q -> ACCOUNT_METRICS.contains(q.drop().metricType()))
        .mapToDouble(q -> q.drop().percentDrop())
        .max().orElse(Double.NEGATIVE_INFINITY);
    List<Qualified> kept = new ArrayList<>();
    for (Qualified q : qualified) {
      if (!"feature_usage".equals(q.drop().metricType()) || q.drop().percentDrop() >= accountDrop + FEATURE_MARGIN) {
        kept.add(q);
      }
    }
    return kept;
  }

  /** Baselines are whole weeks, so both windows hold the same weekdays: 28 days stays 4 weeks, 10 becomes 2. */
  public static int weeksOf(TriggerRule rule) {
    return Math.max(1, (rule.comparisonPeriodDays() + 6) / 7);
  }

  private record Qualified(DetectedDrop drop, TriggerRule rule, MetricDrop metricDrop) {}
}
