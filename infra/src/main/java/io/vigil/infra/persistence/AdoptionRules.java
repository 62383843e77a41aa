package io.vigil.infra.persistence;

import java.util.Map;

/**
 * The thresholds of feature adoption (PRD-090, docs/adoption.md), in one place: the rollup's SQL is
 * given them ({@link SqlFiles}), and the classifier, the gap analysis and the templates read them
 * from here rather than restating them.
 *
 * @param windowDays the usage window a day's score looks back over
 * @param regularUseDays a user using a feature on this many distinct days of the window counts fully
 * @param adoptedScore a score at or above it is adopted
 * @param engagedScore a used feature below it is only started, at or above it engaged
 * @param lowUsageScore a stall: the score stays below it ...
 * @param lowUsageAfterDays ... this many days after activation
 * @param behindTimelineScore a stall: the score is below it past the feature's expected adoption days
 * @param followUpDays an intervention is measured this many days after it was sent
 * @param interventionWorkedPoints an intervention worked when the score rose by this many points (or
 *     the feature reached engaged or adopted)
 */
public record AdoptionRules(int windowDays, int regularUseDays, int adoptedScore, int engagedScore, int lowUsageScore,
    int lowUsageAfterDays, int behindTimelineScore, int followUpDays, int interventionWorkedPoints) {

  public static final AdoptionRules DEFAULT = new AdoptionRules(14, 4, 60, 20, 20, 14, 30, 14, 10);

  /** The values the SQL files name as {@code ${name}}. */
  Map<String, Object> sqlValues() {
    return Map.of("windowDays", windowDays, "regularUseDays", regularUseDays, "adoptedScore", adoptedScore,
        "engagedScore", engagedScore, "lowUsageScore", lowUsageScore, "lowUsageAfterDays", lowUsageAfterDays,
        "behindTimelineScore", behindTimelineScore, "followUpDays", followUpDays,
        "interventionWorkedPoints", interventionWorkedPoints);
  }
}
