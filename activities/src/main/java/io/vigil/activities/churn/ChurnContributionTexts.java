package io.vigil.activities.churn;

import java.util.Locale;
import java.util.Map;

/**
 * Plain words for the features the dataset computes: a template per feature name, and a generic
 * sentence for any other. Names must match the dataset's {@code featureNames}; a renamed feature
 * falls back to the generic sentence rather than failing (docs/churn.md, "Contributions").
 */
public final class ChurnContributionTexts implements ContributionText {
  /**
   * What a feature's value means in words ({@code %s} is the formatted value), and what to call
   * the feature when its value is missing.
   */
  record Template(String words, Format format, String name) {}

  /** How a value is shown. */
  private enum Format {
    /** a ratio of change, -0.6 shown as "down 60%" */
    CHANGE,
    /** a share, 0.4 shown as "40%" */
    SHARE,
    /** a count or amount, shown with at most one decimal */
    NUMBER
  }

  /** Keys are names of {@link ChurnFeatures#ALL} (ChurnContributionsTest holds them to it). */
  static final Map<String, Template> TEMPLATES = Map.ofEntries(
      Map.entry("dau_avg_4w", new Template("%s daily active users on average over 4 weeks", Format.NUMBER, "daily active users over 4 weeks")),
      Map.entry("dau_slope_4w", new Template("daily active users %s a week over 4 weeks", Format.CHANGE, "the trend of daily active users over 4 weeks")),
      Map.entry("dau_slope_8w", new Template("daily active users %s a week over 8 weeks", Format.CHANGE, "the trend of daily active users over 8 weeks")),
      Map.entry("dau_slope_12w", new Template("daily active users %s a week over 12 weeks", Format.CHANGE, "the trend of daily active users over 12 weeks")),
      Map.entry("logins_per_user_4w", new Template("%s logins per user in 4 weeks", Format.NUMBER, "logins per user")),
      Map.entry("logins_per_user_change_4w", new Template("logins per user %s over 4 weeks", Format.CHANGE, "the change in logins per user")),
      Map.entry("days_since_active", new Template("no active user for %s days", Format.NUMBER, "days since an active user")),
      Map.entry("seat_utilization", new Template("%s of seats in use", Format.SHARE, "seats in use")),
      Map.entry("features_used_30d", new Template("%s features used in 30 days", Format.NUMBER, "features used")),
      Map.entry("features_dropped", new Template("%s features dropped", Format.NUMBER, "features dropped")),
      Map.entry("health_score", new Template("health score %s", Format.NUMBER, "health score")),
      Map.entry("tickets_30d", new Template("%s support tickets in the last 30 days", Format.NUMBER, "support tickets in the last 30 days")),
      Map.entry("tickets_90d", new Template("%s support tickets in 90 days", Format.NUMBER, "support tickets in 90 days")),
      Map.entry("tickets_90d_bug_report", new Template("%s bug reports in 90 days", Format.NUMBER, "bug reports in 90 days")),
      Map.entry("tickets_90d_performance_issue", new Template("%s performance complaints in 90 days", Format.NUMBER, "performance complaints in 90 days")),
      Map.entry("nps_latest", new Template("last NPS answer %s", Format.NUMBER, "last NPS answer")),
      Map.entry("csat_latest", new Template("last CSAT answer %s", Format.NUMBER, "last CSAT answer")),
      Map.entry("incidents_30d", new Template("%s incidents touching the customer in 30 days", Format.NUMBER, "incidents in 30 days")),
      Map.entry("tenure_days", new Template("customer for %s days", Format.NUMBER, "tenure")),
      Map.entry("days_to_renewal", new Template("%s days to renewal", Format.NUMBER, "days to renewal")),
      Map.entry("arr", new Template("ARR %s", Format.NUMBER, "ARR")),
      Map.entry("arr_change_90d", new Template("ARR %s over 90 days", Format.CHANGE, "the change in ARR over 90 days")));

  @Override
  public String text(String feature, float value, double effect) {
    String direction = effect > 0 ? "raises" : "lowers";
    Template template = TEMPLATES.get(feature);
    if (Float.isNaN(value)) {
      return (template == null ? words(feature) : template.name()) + " unknown, which " + direction + " the risk";
    }
    if (template == null) {
      return words(feature) + " " + number(value) + " " + direction + " the risk";
    }
    return String.format(Locale.ROOT, template.words(), format(value, template.format()));
  }

  private static String format(float value, Format format) {
    return switch (format) {
      case CHANGE -> value == 0 ? "unchanged"
          : (value < 0 ? "down " : "up ") + Math.round(Math.abs(value) * 100) + "%";
      case SHARE -> Math.round(value * 100) + "%";
      case NUMBER -> number(value);
    };
  }

  private static String number(float value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String words(String feature) {
    return feature.replace('_', ' ');
  }
}
