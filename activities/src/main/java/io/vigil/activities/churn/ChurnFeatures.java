package io.vigil.activities.churn;

import io.vigil.infra.persistence.ChurnHistory;
import io.vigil.infra.persistence.ChurnHistory.FeatureRow;
import io.vigil.infra.persistence.ChurnHistory.FeatureRows;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The churn model's inputs (docs/churn.md, "Features"): the documented list, and one row per
 * customer of an as-of day's population computed by one statement (sql/churn/features.sql) from
 * rows dated on or before that day. Missing data is NaN, which the trees route on their own.
 */
@Singleton
public class ChurnFeatures {
  /** Every feature in the order of a row's values; the statement must name exactly these columns. */
  public static final List<ChurnFeature> ALL = List.of(
      f("dau_avg_4w", "mean daily active users over the 28 days ending D (days with a rollup)", "users/day"),
      f("dau_avg_8w", "mean daily active users over the 56 days ending D", "users/day"),
      f("dau_avg_12w", "mean daily active users over the 84 days ending D", "users/day"),
      f("dau_slope_4w", "least-squares slope of daily active users over 28 days, per week, relative to the window's mean", "fraction/week"),
      f("dau_slope_8w", "the same slope over 56 days", "fraction/week"),
      f("dau_slope_12w", "the same slope over 84 days", "fraction/week"),
      f("events_avg_4w", "mean daily usage events over 28 days", "events/day"),
      f("logins_per_user_4w", "logins in the 28 days ending D per distinct 30-day active user on the newest rollup", "logins/user"),
      f("logins_per_user_change_4w", "logins per user of the last 28 days against the 28 days before, minus 1", "fraction"),
      f("days_since_active", "days from the newest rollup with an active user (within 84 days) to D", "days"),
      f("active_users_30d", "distinct users active in the 30 days to the newest rollup within 28 days of D", "users"),
      f("seats", "contracted seats as of D (customer_account_history)", "seats"),
      f("seat_utilization", "active_users_30d / seats", "fraction"),
      f("features_used_30d", "distinct features with a use in the 30 days ending D (0 when there is usage but no feature use)", "features"),
      f("features_adopted", "catalog features in stage adopted on the newest adoption day within 14 days", "features"),
      f("features_engaged", "catalog features in stage engaged, same day", "features"),
      f("features_started", "catalog features in stage started, same day", "features"),
      f("features_dropped", "catalog features whose adoption stage is churned, same day", "features"),
      f("health_score", "health score of the newest customer_health row within 14 days", "0-100"),
      f("health_engagement", "its engagement component", "0-100"),
      f("health_sentiment", "its sentiment component", "0-100"),
      f("health_growth", "its growth component", "0-100"),
      f("tickets_30d", "support tickets opened in the 30 days ending D", "tickets"),
      f("tickets_90d", "support tickets opened in the 90 days ending D", "tickets"),
      f("tickets_90d_bug_report", "of those, bug reports (category as it stood at the end of D)", "tickets"),
      f("tickets_90d_feature_request", "of those, feature requests", "tickets"),
      f("tickets_90d_documentation_gap", "of those, documentation gaps", "tickets"),
      f("tickets_90d_usability_issue", "of those, usability issues", "tickets"),
      f("tickets_90d_performance_issue", "of those, performance issues", "tickets"),
      f("tickets_90d_integration_question", "of those, integration questions", "tickets"),
      f("tickets_90d_how_to_question", "of those, how-to questions", "tickets"),
      f("nps_latest", "the newest NPS answer given on or before D", "0-10"),
      f("nps_age_days", "days from that answer to D", "days"),
      f("csat_latest", "the newest CSAT answer given on or before D", "1-5"),
      f("incidents_30d", "product incidents that started in the 30 days ending D and touched the customer", "incidents"),
      f("incidents_high_30d", "of those, with high impact on the customer", "incidents"),
      f("tenure_days", "days from the customer's start (start_date, else created) to D", "days"),
      f("days_to_renewal", "days from D to the next anniversary of the renewal date", "days"),
      f("arr", "annual recurring revenue as of D (customer_account_history)", "currency"),
      f("arr_change_90d", "ARR as of D against ARR as of D-90, minus 1", "fraction"),
      f("segment_enterprise", "1 when the segment is enterprise", "0/1"),
      f("segment_mid_market", "1 when the segment is mid-market", "0/1"),
      f("segment_smb", "1 when the segment is smb", "0/1"));

  private final ChurnHistory history;

  public ChurnFeatures(ChurnHistory history) {
    this.history = history;
  }

  public static String[] names() {
    return ALL.stream().map(ChurnFeature::name).toArray(String[]::new);
  }

  /** Each customer of D's population (started, not churned by D) with its values in {@link #ALL}'s order. */
  public Map<String, double[]> asOf(LocalDate day) {
    FeatureRows rows = history.features(day);
    List<String> expected = List.of(names());
    if (!rows.columns().equals(expected)) {
      // the statement and the documented list are one definition; a drift would mislabel columns
      throw new IllegalStateException("sql/churn/features.sql names " + rows.columns() + ", documented: " + expected);
    }
    Map<String, double[]> byCustomer = new LinkedHashMap<>();
    for (FeatureRow row : rows.rows()) {
      byCustomer.put(row.customerId(), row.values());
    }
    return byCustomer;
  }

  private static ChurnFeature f(String name, String meaning, String unit) {
    return new ChurnFeature(name, meaning, unit);
  }
}
