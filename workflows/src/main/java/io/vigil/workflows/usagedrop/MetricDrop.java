package io.vigil.workflows.usagedrop;

import io.vigil.workflows.common.Severity;
import java.time.LocalDate;

/**
 * One explainable drop: which metric (and feature, for feature usage), its value over the recent
 * window against the baseline window, and the percent drop between them. {@code evidence} says in
 * words why it is not noise ("23 active user-days this week against a usual 41: a drop this large
 * happens by chance less than 1 time in 100"); null in alerts detected before it existed.
 */
public record MetricDrop(
    String metricType,
    String featureId,
    double currentValue,
    double baselineValue,
    double percentDrop,
    Severity severity,
    LocalDate periodStart,
    LocalDate periodEnd,
    LocalDate baselineStart,
    LocalDate baselineEnd,
    String evidence) {

  /** "DAU dropped 42% (45 → 26)". */
  public String summary() {
    String metric = featureId == null ? label(metricType) : "Usage of " + featureId;
    return String.format(
        "%s dropped %.0f%% (%s → %s)", metric, percentDrop, number(baselineValue), number(currentValue));
  }

  /** What was compared: "on 2026-11-24 vs the same weekday over 2026-10-21 to 2026-11-17". */
  public String comparison() {
    if (periodStart.equals(periodEnd)) {
      return "on " + periodEnd + " vs the same weekday over " + baselineStart + " to " + baselineEnd;
    }
    return "over " + periodStart + " to " + periodEnd + " vs " + baselineStart + " to " + baselineEnd;
  }

  private static String label(String metricType) {
    return switch (metricType) {
      case "dau", "wau", "mau" -> metricType.toUpperCase();
      case "login_frequency" -> "Login frequency (logins per user per week)";
      default -> metricType;
    };
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
  }
}
