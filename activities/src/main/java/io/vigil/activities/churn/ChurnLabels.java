package io.vigil.activities.churn;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.ChurnHistory;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.Set;

/**
 * The outcome churn prediction learns (docs/churn.md, "Labels"): a customer of D's population churned
 * when a {@code churned} customer event is dated within (D, D + leadDays] (UTC days). Customers
 * churned on or before D are not in the population at all ({@link ChurnFeatures}), so they are
 * neither a positive nor a negative.
 */
@Singleton
public class ChurnLabels {
  public static final int DEFAULT_LEAD_DAYS = 30;

  private final ChurnHistory history;
  private final int leadDays;

  public ChurnLabels(ChurnHistory history, @Value("${vigil.churn.lead-days:30}") int leadDays) {
    if (leadDays < 1) {
      throw new IllegalArgumentException("vigil.churn.lead-days must be at least 1, not " + leadDays);
    }
    this.history = history;
    this.leadDays = leadDays;
  }

  public int leadDays() {
    return leadDays;
  }

  /** The customers that churned within the lead after {@code day}; everyone else in D's population is a 0. */
  public Set<String> churnedAfter(LocalDate day) {
    return history.churnedWithin(day, leadDays);
  }
}
