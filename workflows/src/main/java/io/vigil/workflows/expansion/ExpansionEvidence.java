package io.vigil.workflows.expansion;

/**
 * One rule that found the customer ready for expansion, in the rule's own words ({@code summary}):
 * {@code rule} {@code seat_utilization}, {@code usage_growth} or {@code feature_above_plan} (docs/health.md, "Expansion
 * opportunities"); {@code value} and {@code threshold} the measured figure and the rule's mark.
 */
public record ExpansionEvidence(String rule, String summary, double value, double threshold) {
  public static final String SEAT_UTILIZATION = "seat_utilization";
  public static final String USAGE_GROWTH = "usage_growth";
  public static final String FEATURE_ABOVE_PLAN = "feature_above_plan";
}
