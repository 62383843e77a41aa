package io.vigil.infra.persistence;

import java.math.BigDecimal;

/**
 * One row of the detection query: a metric whose recent window fell below its baseline. For DAU,
 * {@code weekPercentDrop} is the drop of the 7-day average that must confirm a one-day drop.
 * {@code currentCount} and {@code baselineCount} are what the significance test compares: the
 * recent week's active user-days against the usual number (account metrics), or a feature's uses
 * in the week against its usual weekly uses. {@code recentDays} (DAU only, else null) are the days
 * since the drop began, tested as well: a drop that began on Friday is clearer in Friday to Tuesday
 * than in a week that still holds the ordinary Wednesday and Thursday before it. {@code dataGap}: a
 * DAU drop on a business day without a single event after an active previous business day, which is
 * more likely events that have not arrived than a drop (it still counts toward a common-mode day).
 * {@code featuresTested} (feature drops only, else null): how many of the customer's features were
 * tested on the day (those with enough baseline uses), the family its test is corrected for.
 * {@code accountUserDays} and {@code accountUsualUserDays} (feature drops only, else null): the
 * account's active user-days in the same week and their usual number, whether its users agree.
 */
public record DetectedDrop(
    String customerId,
    String customerName,
    String csmId,
    String segment,
    BigDecimal arr,
    String metricType,
    String featureId,
    double currentValue,
    double baselineValue,
    double percentDrop,
    Double weekPercentDrop,
    Double currentCount,
    Double baselineCount,
    RecentDays recentDays,
    boolean dataGap,
    Integer featuresTested,
    Double accountUserDays,
    Double accountUsualUserDays) {

  public DetectedDrop(String customerId, String customerName, String csmId, String segment, BigDecimal arr,
      String metricType, String featureId, double currentValue, double baselineValue, double percentDrop,
      Double weekPercentDrop, Double currentCount, Double baselineCount, RecentDays recentDays, boolean dataGap,
      Integer featuresTested) {
    this(customerId, customerName, csmId, segment, arr, metricType, featureId, currentValue, baselineValue, percentDrop,
        weekPercentDrop, currentCount, baselineCount, recentDays, dataGap, featuresTested, null, null);
  }

  public DetectedDrop(String customerId, String customerName, String csmId, String segment, BigDecimal arr,
      String metricType, String featureId, double currentValue, double baselineValue, double percentDrop,
      Double weekPercentDrop, Double currentCount, Double baselineCount, RecentDays recentDays, boolean dataGap) {
    this(customerId, customerName, csmId, segment, arr, metricType, featureId, currentValue, baselineValue, percentDrop,
        weekPercentDrop, currentCount, baselineCount, recentDays, dataGap, null);
  }

  public DetectedDrop(String customerId, String customerName, String csmId, String segment, BigDecimal arr,
      String metricType, String featureId, double currentValue, double baselineValue, double percentDrop,
      Double weekPercentDrop, Double currentCount, Double baselineCount) {
    this(customerId, customerName, csmId, segment, arr, metricType, featureId, currentValue, baselineValue, percentDrop,
        weekPercentDrop, currentCount, baselineCount, null, false);
  }
}
