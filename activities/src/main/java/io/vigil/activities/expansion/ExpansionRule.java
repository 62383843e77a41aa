package io.vigil.activities.expansion;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.workflows.expansion.ExpansionEvidence;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When a customer is ready for expansion (docs/health.md, "Expansion opportunities"), on day D:
 *
 * <ul>
 *   <li><b>seats</b>: active users (MAU) at or above {@value #SEAT_PERCENT}% of licensed seats on each
 *       of the {@value #SEAT_DAYS} days D-13 … D (a day without a rollup, or without seats, breaks it);
 *   <li><b>usage growth</b>: the average DAU of the last two weeks (D-13 … D) at least {@value
 *       #GROWTH_PERCENT}% above that of weeks 7-8 before (D-55 … D-42), the two ends of 8 weeks, from
 *       a baseline of at least {@value #MIN_BASELINE_DAU} daily users (below it, one user more is growth),
 *       each window rolled up on all its 14 days;
 *   <li><b>a feature above the plan</b>: a catalog feature of a plan tier above the customer's
 *       ({@link PlanTiers}) used by at least {@value #FEATURE_MIN_USERS} users a day on at least
 *       {@value #FEATURE_MIN_DAYS} of the {@value #FEATURE_DAYS} days D-13 … D.
 * </ul>
 *
 * The statements are given these marks ({@link #windows()}, {@link #featureUse}); they do not restate them.
 */
@Singleton
public class ExpansionRule {
  static final int SEAT_DAYS = 14;
  static final int SEAT_PERCENT = 90;
  static final int GROWTH_PERCENT = 30;
  static final int RECENT_FROM = 13;
  static final int BASELINE_FROM = 55;
  static final int BASELINE_TO = 42;
  static final int MIN_BASELINE_DAU = 5;
  /** Days in each growth window (D-13 … D and D-55 … D-42); each needs a rollup on all of them. */
  static final int GROWTH_WINDOW_DAYS = 14;
  /** The window of the feature rule: D and the 13 days before it, as the seat rule's. */
  static final int FEATURE_DAYS = 14;
  /**
   * Heavy use: on more than half of the window's days (two weeks have ten working days, so a feature
   * used on most working days of both weeks), not a try-out during one week.
   */
  static final int FEATURE_MIN_DAYS = 8;
  /** By a team, not one curious user: the least users of the feature on each of those days. */
  static final int FEATURE_MIN_USERS = 5;

  private final Duration cooldown;
  private final PlanTiers plans;

  /** The default plan tiers (starter, growth, enterprise). */
  public ExpansionRule(Duration cooldown) {
    this(cooldown, new PlanTiers(PlanTiers.DEFAULT_TIERS));
  }

  @Inject
  public ExpansionRule(@Value("${vigil.expansion.cooldown:30d}") Duration cooldown, PlanTiers plans) {
    this.plans = plans;
    if (cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("vigil.expansion.cooldown must be positive, not " + cooldown);
    }
    this.cooldown = cooldown;
  }

  /** How long an opportunity suppresses later triggers for the customer ({@code VIGIL_EXPANSION_COOLDOWN}). */
  public Duration cooldown() {
    return cooldown;
  }

  public ExpansionFacts.Windows windows() {
    return new ExpansionFacts.Windows(SEAT_DAYS, SEAT_PERCENT, RECENT_FROM, BASELINE_FROM, BASELINE_TO);
  }

  /** The page's heavy use of plan features, as the feature rule reads it: one statement. */
  public Map<String, List<ExpansionFacts.FeatureUse>> featureUse(ExpansionFacts facts, Collection<String> customerIds,
      LocalDate asOf) {
    return facts.featureUse(customerIds, asOf, FEATURE_DAYS, FEATURE_MIN_USERS, FEATURE_MIN_DAYS);
  }

  /**
   * The evidence of each feature a customer uses heavily above its plan, most days first; the
   * statement found the heavy use, the plans are compared here (their order is configuration).
   */
  public List<ExpansionEvidence> evidence(List<ExpansionFacts.FeatureUse> uses) {
    return uses.stream()
        .filter(u -> u.heavyDays() >= FEATURE_MIN_DAYS && u.leastUsers() >= FEATURE_MIN_USERS)
        .filter(u -> plans.isBelow(u.customerPlan(), u.featurePlan()))
        .sorted(Comparator.comparingInt(ExpansionFacts.FeatureUse::heavyDays).reversed()
            .thenComparing(ExpansionFacts.FeatureUse::featureId))
        .map(u -> new ExpansionEvidence(ExpansionEvidence.FEATURE_ABOVE_PLAN,
            "used " + u.featureName() + " on " + u.heavyDays() + " of the last " + FEATURE_DAYS + " days by "
                + (u.leastUsers() == u.peakUsers() ? u.peakUsers() : u.leastUsers() + " to " + u.peakUsers())
                + " users a day: it is in the " + plans.tier(u.featurePlan()).orElseThrow() + " plan, they are on "
                + plans.tier(u.customerPlan()).orElseThrow(),
            u.heavyDays(), FEATURE_MIN_DAYS))
        .toList();
  }

  /** The evidence of each rule the figures meet; empty: not ready. */
  public List<ExpansionEvidence> evidence(ExpansionFacts.Usage usage) {
    List<ExpansionEvidence> evidence = new ArrayList<>();
    if (usage.fullSeatDays() >= SEAT_DAYS) {
      double lowest = usage.lowestSeatShare().doubleValue();
      evidence.add(new ExpansionEvidence(ExpansionEvidence.SEAT_UTILIZATION,
          usage.activeUsers() + " active users of " + usage.seats() + " licensed seats ("
              + percent(usage.lowestSeatShare()) + "% or more) on each of the last " + SEAT_DAYS + " days",
          lowest, SEAT_PERCENT / 100.0));
    }
    BigDecimal now = usage.dauNow();
    BigDecimal then = usage.dauThen();
    // both windows whole: a customer whose usage began inside the baseline compares a few days (or
    // weekends) with two full weeks
    if (usage.daysNow() == GROWTH_WINDOW_DAYS && usage.daysThen() == GROWTH_WINDOW_DAYS
        && then.compareTo(BigDecimal.valueOf(MIN_BASELINE_DAU)) >= 0
        && now.multiply(BigDecimal.valueOf(100)).compareTo(then.multiply(BigDecimal.valueOf(100 + GROWTH_PERCENT))) >= 0) {
      BigDecimal growth = now.subtract(then).divide(then, 4, RoundingMode.HALF_UP);
      evidence.add(new ExpansionEvidence(ExpansionEvidence.USAGE_GROWTH,
          "daily active users up " + percent(growth) + "% over 8 weeks (" + round(then) + " a day in weeks 7-8 before, "
              + round(now) + " in the last 2 weeks)",
          growth.doubleValue(), GROWTH_PERCENT / 100.0));
    }
    return evidence;
  }

  /** A share as a whole percent, rounded down so that 89.9% never reads as 90%. */
  private static String percent(BigDecimal share) {
    return share.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.FLOOR).toPlainString();
  }

  private static String round(BigDecimal dau) {
    return dau.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
