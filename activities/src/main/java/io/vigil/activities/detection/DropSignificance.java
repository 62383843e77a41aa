package io.vigil.activities.detection;

import io.vigil.infra.persistence.DetectedDrop;
import java.util.Optional;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Whether a drop is larger than chance would make it, given the counts behind it. A week's active
 * user-days (or a feature's uses) are counted events: if nothing had changed, the week's count
 * would be Poisson-distributed around the usual one. The test is one-sided: the probability of a
 * count this low or lower, {@code P(X <= observed)} with {@code X ~ Poisson(usual)}, must be under
 * {@value #ALPHA}. For a 300-seat account almost any drop past the threshold passes; for a 6-seat
 * account a quiet day or two does not.
 */
public final class DropSignificance {
  /** At most 1 chance in 100 that an unchanged account shows a drop this large. */
  public static final double ALPHA = 0.01;
  /**
   * At most 1 chance in 1,000 for a customer's features on a day, all of them together. Every
   * feature of every customer is tested every day, and a feature's uses are a few counts a week, so
   * at 1 in 100 the features alone raised most false alerts (two thirds of them on the labeled
   * portfolio: 4 uses of a rarely used feature against a usual 13); a real drop moves the account's
   * users too, which keep {@value #ALPHA}. The level is shared among the features tested
   * (Bonferroni, {@link #featureAlpha}): three features at 1 in 1,000 each would be about 1 in 333
   * that one of them looks like a drop by chance.
   */
  public static final double FEATURE_ALPHA = 0.001;
  /**
   * At most 1 chance in 100,000 for a customer's features on a day when the account's users do not
   * agree (its week's active user-days not below usual, {@link #ACCOUNT_AGREES_ALPHA}). A feature's
   * weekly uses are tested for every customer every business day, about 5,000 customer-days on the
   * labeled portfolio; at {@value #FEATURE_ALPHA} that is about 5 false alerts from features alone,
   * ten times what the goal (0.5 per 100 customer-months) allows for everything, while a lost
   * customer's drop moves its users too. A feature abandoned while the team stays (0 uses against a
   * usual 20 is 1 in 500,000,000) still counts on its own.
   */
  public static final double FEATURE_ALONE_ALPHA = 0.00001;
  /**
   * The account's users agree with a feature's drop when its week's active user-days are below
   * their usual number by more than chance gives 1 time in 10. Under no change the two counts are
   * nearly independent, so a feature at {@value #FEATURE_ALPHA} with its account agreeing comes by
   * chance about 1 time in 10,000.
   */
  public static final double ACCOUNT_AGREES_ALPHA = 0.1;
  /**
   * At most 1 chance in 300 for the days since a DAU drop began. Those days are chosen after
   * looking: the run of days below their usual DAU ending on the evaluated day holds the last 2, 3
   * or 4 business days (a run of all 5 is the week, tested at {@value #ALPHA} anyway), so the query
   * picks one of 3 possible runs, whichever looks rarest. The level {@value #ALPHA} is shared among
   * those 3 (Bonferroni), as if each had been tested.
   */
  public static final double SINCE_BEGAN_ALPHA = ALPHA / 3;

  private DropSignificance() {}

  /** P(X <= observed) for X ~ Poisson(usual): how often chance alone gives a count this low. */
  public static double chance(double observed, double usual) {
    if (usual <= 0) {
      return 1;
    }
    return new PoissonDistribution(null, usual, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).cumulativeProbability((int) Math.floor(observed));
  }

  /** Whether {@code observed} against {@code usual} is a drop chance alone makes less than {@value #ALPHA} of the time. */
  public static boolean unlikelyByChance(double observed, double usual) {
    return unlikelyByChance(observed, usual, ALPHA);
  }

  /** Whether chance alone makes {@code observed} against {@code usual} less than {@code alpha} of the time. */
  public static boolean unlikelyByChance(double observed, double usual, double alpha) {
    return chance(observed, usual) < alpha;
  }

  /**
   * The significance level a drop must reach: {@link #featureAlpha} for a feature's uses, the
   * stricter {@link #FEATURE_ALONE_ALPHA} when the account's active user-days that week do not
   * agree (unknown counts count as agreeing).
   */
  public static double alphaFor(DetectedDrop drop) {
    if (!"feature_usage".equals(drop.metricType())) {
      return ALPHA;
    }
    return accountAgrees(drop) ? featureAlpha(drop.featuresTested())
        : FEATURE_ALONE_ALPHA / Math.max(1, drop.featuresTested() == null ? 1 : drop.featuresTested());
  }

  /** Whether the account's week of active user-days is below usual by more than chance gives 1 time in 10. */
  static boolean accountAgrees(DetectedDrop drop) {
    return drop.accountUserDays() == null || drop.accountUsualUserDays() == null
        || unlikelyByChance(drop.accountUserDays(), drop.accountUsualUserDays(), ACCOUNT_AGREES_ALPHA);
  }

  /**
   * One feature's level when {@code featuresTested} of the customer's features were tested on the
   * day: {@link #FEATURE_ALPHA} shared among them (Bonferroni). For whether the customer is alerted,
   * Holm's step-down gives the same answer: its first step is this level for the smallest chance.
   */
  public static double featureAlpha(Integer featuresTested) {
    return FEATURE_ALPHA / Math.max(1, featuresTested == null ? 1 : featuresTested);
  }

  /**
   * The test's result as a CSM reads it: "23 active user-days this week against a usual 41: a drop
   * this large happens by chance less than 1 time in 100". Empty without counts.
   */
  public static Optional<String> inWords(String metricType, String featureId, Double observed, Double usual) {
    return inWords(metricType, featureId, observed, usual, "this week");
  }

  /**
   * As {@link #inWords(String, String, Double, Double)} for the days since a DAU drop began: "14
   * active user-days in the 5 days since the drop began against a usual 27: ...".
   */
  public static String sinceItBeganInWords(double observed, double usual, int days) {
    return inWords("dau", null, observed, usual, "in the " + days + " days since the drop began").orElseThrow();
  }

  private static Optional<String> inWords(String metricType, String featureId, Double observed, Double usual, String when) {
    if (observed == null || usual == null) {
      return Optional.empty();
    }
    String what = switch (metricType) {
      case "feature_usage" -> "uses of " + featureId;
      case "login_frequency" -> "login-days";
      default -> "active user-days";
    };
    return Optional.of(String.format("%d %s %s against a usual %d: %s", Math.round(observed), what, when,
        Math.round(usual), odds(chance(observed, usual))));
  }

  private static String odds(double chance) {
    if (chance < 0.001) {
      return "a drop this large happens by chance less than 1 time in 1,000";
    }
    if (chance < ALPHA) {
      return "a drop this large happens by chance less than 1 time in 100";
    }
    return String.format("a drop this large happens by chance about 1 time in %d", Math.max(1, Math.round(1 / chance)));
  }
}
