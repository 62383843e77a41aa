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
  private record Template(String words, Format format, String name) {}

  /** How a value is shown. */
  private enum Format {
    /** a ratio of change, -0.6 shown as "down 60%" */
    CHANGE,
    /** a share, 0.4 shown as "40%" */
    SHARE,
    /** a count or amount, shown with at most one decimal */
    NUMBER
  }

  private static final Map<String, Template> TEMPLATES = Map.ofEntries(
      Map.entry("logins_per_user_change_4w", new Template("logins per user %s over 4 weeks", Format.CHANGE, "change in logins per user over 4 weeks")),
      Map.entry("logins_per_user_change_8w", new Template("logins per user %s over 8 weeks", Format.CHANGE, "change in logins per user over 8 weeks")),
      Map.entry("logins_per_user_change_12w", new Template("logins per user %s over 12 weeks", Format.CHANGE, "change in logins per user over 12 weeks")),
      Map.entry("events_per_user_change_4w", new Template("activity per user %s over 4 weeks", Format.CHANGE, "change in activity per user over 4 weeks")),
      Map.entry("events_per_user_change_8w", new Template("activity per user %s over 8 weeks", Format.CHANGE, "change in activity per user over 8 weeks")),
      Map.entry("events_per_user_change_12w", new Template("activity per user %s over 12 weeks", Format.CHANGE, "change in activity per user over 12 weeks")),
      Map.entry("seats_used_share", new Template("%s of seats in use", Format.SHARE, "seats in use")),
      Map.entry("feature_breadth", new Template("%s of the product's features in use", Format.SHARE, "features in use")),
      Map.entry("health_score", new Template("health score %s", Format.NUMBER, "health score")),
      Map.entry("tickets_30d", new Template("%s support tickets in the last 30 days", Format.NUMBER, "support tickets in the last 30 days")),
      Map.entry("nps_last", new Template("last NPS answer %s", Format.NUMBER, "last NPS answer")),
      Map.entry("csat_avg_90d", new Template("average CSAT %s over 90 days", Format.NUMBER, "average CSAT over 90 days")),
      Map.entry("incidents_30d", new Template("%s incidents touching the customer in 30 days", Format.NUMBER, "incidents touching the customer in 30 days")),
      Map.entry("tenure_days", new Template("customer for %s days", Format.NUMBER, "tenure")),
      Map.entry("days_to_renewal", new Template("%s days to renewal", Format.NUMBER, "days to renewal")),
      Map.entry("arr", new Template("ARR %s", Format.NUMBER, "ARR")));

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
