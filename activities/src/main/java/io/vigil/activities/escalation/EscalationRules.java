package io.vigil.activities.escalation;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * When a theme becomes an escalation (issue 10; docs/insights.md, "Escalations"), in one place: the
 * evaluation, its tests and the docs read these.
 */
public final class EscalationRules {
  /** A feature-request theme asked for in at least this many tickets is a product gap... */
  public static final int PRODUCT_GAP_MIN_REQUESTS = 3;
  /** ...and so is one whose customers' combined ARR is above this, whatever the number of tickets. */
  public static final BigDecimal PRODUCT_GAP_ARR_ABOVE = new BigDecimal("100000");
  /** How-to questions on one topic that make a documentation gap. */
  public static final int DOCS_GAP_MIN_TICKETS = 5;
  /** The tickets an evaluation reads: those opened in the last 90 days. */
  public static final Duration LOOKBACK = Duration.ofDays(90);

  /** Bug priority from its impact: P1 at this combined ARR or this many customers, and so on down. */
  public static final BigDecimal P1_ARR = new BigDecimal("250000");
  public static final int P1_CUSTOMERS = 5;
  public static final BigDecimal P2_ARR = new BigDecimal("100000");
  public static final int P2_CUSTOMERS = 3;
  public static final BigDecimal P3_ARR = new BigDecimal("25000");
  public static final int P3_CUSTOMERS = 2;

  private EscalationRules() {}
}
