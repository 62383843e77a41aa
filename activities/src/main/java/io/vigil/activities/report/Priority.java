package io.vigil.activities.report;

import java.math.BigDecimal;

/**
 * A recommended priority for next week. {@code rule} is the rule that proposed it (docs/reports.md,
 * "Recommended priorities"): a smaller rule comes first, then the larger ARR.
 */
public record Priority(int rule, String customerId, BigDecimal arr, String text) {
  public static final int CHURN_RISK = 1;
  public static final int RED_NOT_ESCALATED = 2;
  public static final int RED_ESCALATED = 3;
  public static final int YELLOW_DECLINING = 4;
  public static final int EXPANSION = 5;
  public static final int GROWING_TICKET_CATEGORY = 6;
  public static final int NPS_DETRACTORS = 7;
}
