package io.vigil.activities.report;

import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.OnboardingFigures;
import io.vigil.infra.persistence.OnboardingFigures.KeyFeature;
import io.vigil.infra.persistence.OnboardingFigures.OnboardingCustomer;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How onboarding goes for the customers in their first 30 days (customer-success spec, "Track
 * onboarding effectiveness"; definitions in docs/reports.md, "Onboarding"): time to first value,
 * activation of the catalog's key features, ticket frequency and where each customer stopped.
 */
@Singleton
public class OnboardingReport {
  /** A customer with activity but none in this many days has gone quiet. */
  static final int QUIET_DAYS = 7;

  private final OnboardingFigures figures;

  public OnboardingReport(OnboardingFigures figures) {
    this.figures = figures;
  }

  /** Where a customer's onboarding stands: the first step it has not reached. */
  public enum Step { NO_LOGIN, NO_FIRST_VALUE, WENT_QUIET, PARTIALLY_ACTIVATED, FULLY_ACTIVATED }

  public record DropOff(Step step, @Nullable String missingFeatureId) {}

  public record CustomerOnboarding(String customerId, String name, String csmId, LocalDate startDate, int daysInOnboarding,
      @Nullable Integer timeToFirstValueDays, int keyFeaturesActivated, int keyFeatures, @Nullable BigDecimal activationRate,
      int tickets, @Nullable BigDecimal ticketsPerWeek, DropOff dropOff) {}

  public record FeatureActivation(String featureId, String name, int activated, @Nullable BigDecimal rate) {}

  public record Summary(int customers, int reachedFirstValue, @Nullable BigDecimal medianTimeToFirstValueDays,
      @Nullable BigDecimal averageActivationRate, @Nullable BigDecimal ticketsPerCustomerWeek) {}

  public record Report(LocalDate asOf, int onboardingDays, Summary summary, List<FeatureActivation> keyFeatures,
      Map<Step, Integer> dropOffs, Map<String, Integer> stoppedBeforeFeature, List<CustomerOnboarding> customers) {}

  /** {@code csmIds} null: every customer. */
  public Report compute(LocalDate asOf, List<String> csmIds) {
    List<KeyFeature> keyFeatures = figures.keyFeatures();
    List<OnboardingCustomer> rows = figures.customers(asOf, csmIds);
    List<CustomerOnboarding> customers = new ArrayList<>();
    Map<Step, Integer> dropOffs = new LinkedHashMap<>();
    for (Step step : Step.values()) {
      dropOffs.put(step, 0);
    }
    Map<String, Integer> stoppedBefore = new LinkedHashMap<>();
    Map<String, Integer> activatedByFeature = new LinkedHashMap<>();
    keyFeatures.forEach(f -> activatedByFeature.put(f.featureId(), 0));
    List<Integer> timesToValue = new ArrayList<>();
    long tickets = 0;
    long customerDays = 0;
    BigDecimal activationSum = BigDecimal.ZERO;
    for (OnboardingCustomer c : rows) {
      Integer timeToValue = c.firstValueAt() == null ? null
          : (int) Math.max(0, ChronoUnit.DAYS.between(c.startDate(), c.firstValueAt().atZone(ZoneOffset.UTC).toLocalDate()));
      if (timeToValue != null) {
        timesToValue.add(timeToValue);
      }
      BigDecimal rate = c.keyFeatures() == 0 ? null : ratio(c.keyFeaturesActivated(), c.keyFeatures());
      if (rate != null) {
        activationSum = activationSum.add(rate);
      }
      int daysObserved = c.daysIn() + 1;
      tickets += c.tickets();
      customerDays += daysObserved;
      DropOff dropOff = dropOff(c, asOf);
      dropOffs.merge(dropOff.step(), 1, Integer::sum);
      if (dropOff.missingFeatureId() != null) {
        stoppedBefore.merge(dropOff.missingFeatureId(), 1, Integer::sum);
      }
      for (KeyFeature f : keyFeatures) {
        if (!c.notActivated().contains(f.featureId())) {
          activatedByFeature.merge(f.featureId(), 1, Integer::sum);
        }
      }
      customers.add(new CustomerOnboarding(c.customerId(), c.name(), c.csmId(), c.startDate(), c.daysIn(), timeToValue,
          c.keyFeaturesActivated(), c.keyFeatures(), rate, c.tickets(),
          BigDecimal.valueOf(c.tickets() * 7L).divide(BigDecimal.valueOf(daysObserved), 1, RoundingMode.HALF_UP), dropOff));
    }
    List<FeatureActivation> features = keyFeatures.stream()
        .map(f -> new FeatureActivation(f.featureId(), f.name(), activatedByFeature.get(f.featureId()),
            rows.isEmpty() ? null : ratio(activatedByFeature.get(f.featureId()), rows.size())))
        .toList();
    Summary summary = new Summary(rows.size(), timesToValue.size(), median(timesToValue),
        rows.isEmpty() || keyFeatures.isEmpty() ? null
            : activationSum.divide(BigDecimal.valueOf(rows.size()), 2, RoundingMode.HALF_UP),
        customerDays == 0 ? null
            : BigDecimal.valueOf(tickets * 7).divide(BigDecimal.valueOf(customerDays), 2, RoundingMode.HALF_UP));
    return new Report(asOf, OnboardingFigures.ONBOARDING_DAYS, summary, features, dropOffs, stoppedBefore,
        List.copyOf(customers));
  }

  static DropOff dropOff(OnboardingCustomer c, LocalDate asOf) {
    if (c.firstLoginAt() == null) {
      return new DropOff(Step.NO_LOGIN, null);
    }
    if (c.firstValueAt() == null) {
      return new DropOff(Step.NO_FIRST_VALUE, c.notActivated().isEmpty() ? null : c.notActivated().get(0));
    }
    if (c.lastActivityAt() != null
        && c.lastActivityAt().atZone(ZoneOffset.UTC).toLocalDate().isBefore(asOf.minusDays(QUIET_DAYS))) {
      return new DropOff(Step.WENT_QUIET, null);
    }
    if (!c.notActivated().isEmpty()) {
      return new DropOff(Step.PARTIALLY_ACTIVATED, c.notActivated().get(0));
    }
    return new DropOff(Step.FULLY_ACTIVATED, null);
  }

  private static BigDecimal ratio(int part, int whole) {
    return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
  }

  private static BigDecimal median(List<Integer> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Integer> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? BigDecimal.valueOf(sorted.get(n / 2))
        : BigDecimal.valueOf(sorted.get(n / 2 - 1) + sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_UP);
  }
}
