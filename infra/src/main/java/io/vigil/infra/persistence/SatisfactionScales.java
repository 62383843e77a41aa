package io.vigil.infra.persistence;

import java.util.Map;

/**
 * The satisfaction scales in one place (docs/insights.md, "Satisfaction"): NPS answers of 9-10 are
 * promoters, 7-8 passives, 0-6 detractors; a CSAT answer of 1-2 is low satisfaction. The SQL is
 * given these numbers rather than restating them.
 */
public final class SatisfactionScales {
  public static final int NPS_MIN = 0;
  public static final int NPS_MAX = 10;
  public static final int PROMOTER_MIN = 9;
  public static final int DETRACTOR_MAX = 6;
  public static final int CSAT_MIN = 1;
  public static final int CSAT_MAX = 5;
  public static final int LOW_CSAT_MAX = 2;

  private SatisfactionScales() {}

  static Map<String, Object> sqlValues() {
    return Map.of("promoterMin", PROMOTER_MIN, "detractorMax", DETRACTOR_MAX, "lowCsatMax", LOW_CSAT_MAX);
  }
}
