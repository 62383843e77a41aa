package io.vigil.activities.expansion;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.workflows.expansion.ExpansionEvidence;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a customer is ready for expansion (docs/health.md, "Expansion opportunities"), on day D:
 *
 * <ul>
 *   <li><b>seats</b>: active users (MAU) at or above {@value #SEAT_PERCENT}% of licensed seats on each
 *       of the {@value #SEAT_DAYS} days D-13 … D (a day without a rollup, or without seats, breaks it);
 *   <li><b>usage growth</b>: the average DAU of the last two weeks (D-13 … D) at least {@value
 *       #GROWTH_PERCENT}% above that of weeks 7-8 before (D-55 … D-42), the two ends of 8 weeks, from
 *       a baseline of at least {@value #MIN_BASELINE_DAU} daily users (below it, one user more is growth),
 *       each window rolled up on all its 14 days.
 * </ul>
 *
 * The statement is given these marks ({@link #windows()}); it does not restate them.
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

  private final Duration cooldown;

  @Inject
  public ExpansionRule(@Value("${vigil.expansion.cooldown:30d}") Duration cooldown) {
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
