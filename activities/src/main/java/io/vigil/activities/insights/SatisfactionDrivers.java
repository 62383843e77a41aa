package io.vigil.activities.insights;

import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.SatisfactionCorrelations;
import io.vigil.infra.persistence.SatisfactionCorrelations.FeatureCorrelation;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which features' use goes with high or low satisfaction (docs/insights.md, "Satisfaction drivers"):
 * the correlations computed in SQL, a coefficient shown only over enough customers, and otherwise
 * the reason none is shown, with the caveat that none of it is a cause.
 */
@Singleton
public class SatisfactionDrivers {
  /**
   * Below 10 customers a rank correlation is mostly chance: with no relation at all, a coefficient
   * over n customers spreads with a standard deviation of 1 / sqrt(n - 1), 0.35 over 9, so one time
   * in twenty it comes out beyond about ±0.7 by chance alone; and 10 is where the normal
   * approximation of that spread ({@link #chanceLevel}) is commonly taken to start holding.
   */
  public static final int MIN_CUSTOMERS = 10;
  /** The two-sided 5% point of the normal distribution: |coefficient| beyond 1.96 / sqrt(n - 1) is rare by chance. */
  private static final double Z_95 = 1.96;

  private final SatisfactionCorrelations correlations;

  public SatisfactionDrivers(SatisfactionCorrelations correlations) {
    this.correlations = correlations;
  }

  /**
   * One feature. {@code coefficient} is Spearman's, rounded to three decimals, null with a {@code
   * reason} when it is not shown; {@code direction} {@code higher} or {@code lower} satisfaction with
   * more use ({@code none} at 0, null without a coefficient); {@code averageUse} the customers' mean
   * share of active user-days with the feature.
   */
  public record Driver(String featureId, @Nullable String featureName, @Nullable BigDecimal coefficient,
      @Nullable String direction, int customers, int customersUsing, BigDecimal averageUse, @Nullable String summary,
      @Nullable String reason) {}

  /**
   * {@code customers}: customers with both answers and use in the range; {@code chanceLevel}: a
   * coefficient closer to 0 than this is within what chance alone gives one time in twenty (null
   * below the minimum).
   */
  public record Report(String measure, Instant from, Instant to, int customers, int minCustomers,
      @Nullable BigDecimal chanceLevel, String caveat, List<Driver> drivers) {}

  public Report of(SatisfactionCorrelations.Filter filter) {
    SatisfactionCorrelations.Correlations found = correlations.of(filter);
    return report(filter, found);
  }

  static Report report(SatisfactionCorrelations.Filter filter, SatisfactionCorrelations.Correlations found) {
    String measure = filter.measure();
    String scale = measure.toUpperCase(Locale.ROOT);
    BigDecimal chance = found.customers() < MIN_CUSTOMERS ? null : chanceLevel(found.customers());
    List<Driver> drivers = found.features().stream().map(f -> driver(f, scale))
        .sorted(Comparator.comparing((Driver d) -> d.coefficient() == null)
            .thenComparing(d -> d.coefficient() == null ? BigDecimal.ZERO : d.coefficient().abs(), Comparator.reverseOrder())
            .thenComparing(Driver::featureId))
        .toList();
    return new Report(measure, filter.from(), filter.to(), found.customers(), MIN_CUSTOMERS, chance,
        caveat(scale, chance), drivers);
  }

  static BigDecimal chanceLevel(int customers) {
    return BigDecimal.valueOf(Z_95 / Math.sqrt(customers - 1)).setScale(2, RoundingMode.HALF_UP);
  }

  private static Driver driver(FeatureCorrelation f, String scale) {
    String name = f.featureName() == null ? f.featureId() : f.featureName();
    BigDecimal averageUse = BigDecimal.valueOf(f.averageUse()).setScale(3, RoundingMode.HALF_UP);
    String reason = reason(f, scale);
    if (reason != null) {
      return new Driver(f.featureId(), f.featureName(), null, null, f.customers(), f.customersUsing(), averageUse, null,
          reason);
    }
    BigDecimal coefficient = BigDecimal.valueOf(f.coefficient()).setScale(3, RoundingMode.HALF_UP);
    String direction = coefficient.signum() > 0 ? "higher" : coefficient.signum() < 0 ? "lower" : "none";
    String summary = switch (direction) {
      case "higher" -> "Customers who used " + name + " on more of their active days gave higher " + scale;
      case "lower" -> "Customers who used " + name + " on more of their active days gave lower " + scale;
      default -> "How much customers used " + name + " did not go with their " + scale;
    } + " (Spearman " + coefficient.toPlainString() + " over " + f.customers() + " customers).";
    return new Driver(f.featureId(), f.featureName(), coefficient, direction, f.customers(), f.customersUsing(),
        averageUse, summary, null);
  }

  private static String reason(FeatureCorrelation f, String scale) {
    if (f.customers() < MIN_CUSTOMERS) {
      return "Only " + f.customers() + (f.customers() == 1 ? " customer" : " customers") + " had both " + scale
          + " answers and use in the range; a coefficient needs at least " + MIN_CUSTOMERS
          + ", below which chance alone moves it too much to mean anything.";
    }
    if (f.useConstant()) {
      return "All " + f.customers() + " customers used it on the same share of their active days, so its use tells"
          + " them apart in nothing.";
    }
    if (f.satisfactionConstant() || f.coefficient() == null) {
      return "All " + f.customers() + " customers gave the same average " + scale + ", so there is nothing to correlate.";
    }
    return null;
  }

  private static String caveat(String scale, BigDecimal chance) {
    return "Correlation, not cause: a coefficient says whether the customers who use a feature more gave higher or lower "
        + scale + ", not that the feature made them so. Larger, older or better-served customers may both use more and"
        + " answer more kindly, and satisfied customers may simply use more."
        + (chance == null ? " Too few customers answered and used the product in the range for any coefficient."
            : " Over these customers, a coefficient between -" + chance.toPlainString() + " and " + chance.toPlainString()
                + " is within what chance alone gives one time in twenty.");
  }
}
