package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageStore;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection ({@link UsageStore#scanDrops}: {@code DropArithmetic} on the maintained windows)
 * against the statement it replaced ({@link DropStatement}, over the rollup rows themselves), row by
 * row: the skipped customers and their reasons, then every drop in order, rounded figures exactly,
 * the unrounded counts to 1e-9 since PostgreSQL adds floating sums in an order of its own.
 */
final class DropArithmeticCheck {
  private DropArithmeticCheck() {}

  /** Asserts that the detection answers what the statement answers over every customer; returns the detection's answer. */
  static DropScan assertSameAsStatement(Sql sql, UsageStore usage, LocalDate asOf, int weeks, HolidayDays holidays,
      double minPercent, double minUsers, double minFeatureUses) {
    return assertSameAsStatement(sql, usage, CustomerScope.all(), asOf, weeks, holidays, minPercent, minUsers,
        minFeatureUses);
  }

  static DropScan assertSameAsStatement(Sql sql, UsageStore usage, CustomerScope scope, LocalDate asOf, int weeks,
      HolidayDays holidays, double minPercent, double minUsers, double minFeatureUses) {
    DropScan statement = DropStatement.scan(sql, asOf, weeks, scope, holidays, minPercent, minUsers, minFeatureUses);
    DropScan arithmetic = usage.scanDrops(asOf, weeks, scope, holidays, minPercent, minUsers, minFeatureUses);
    String where = scope + ", as of " + asOf + ", " + weeks + " baseline weeks, min percent " + minPercent;
    assertThat(arithmetic.skipped()).as("skipped, " + where).isEqualTo(statement.skipped());
    List<DetectedDrop> expectedDrops = tiesInOneOrder(statement.drops());
    List<DetectedDrop> actualDrops = tiesInOneOrder(arithmetic.drops());
    assertThat(actualDrops.stream().map(DropArithmeticCheck::key).toList()).as("drops, " + where)
        .isEqualTo(expectedDrops.stream().map(DropArithmeticCheck::key).toList());
    for (int i = 0; i < expectedDrops.size(); i++) {
      DetectedDrop expected = expectedDrops.get(i);
      DetectedDrop actual = actualDrops.get(i);
      String what = key(expected) + ", " + where;
      assertThat(actual.customerName()).as(what).isEqualTo(expected.customerName());
      assertThat(actual.csmId()).as(what).isEqualTo(expected.csmId());
      assertThat(actual.segment()).as(what).isEqualTo(expected.segment());
      assertThat(actual.arr()).as(what).isEqualByComparingTo(expected.arr());
      assertThat(actual.currentValue()).as("current value, " + what).isEqualTo(expected.currentValue());
      assertThat(actual.baselineValue()).as("baseline value, " + what).isEqualTo(expected.baselineValue());
      assertThat(actual.percentDrop()).as("percent drop, " + what).isEqualTo(expected.percentDrop());
      assertThat(actual.weekPercentDrop()).as("week percent drop, " + what).isEqualTo(expected.weekPercentDrop());
      assertClose(actual.currentCount(), expected.currentCount(), "current count, " + what);
      assertClose(actual.baselineCount(), expected.baselineCount(), "baseline count, " + what);
      assertThat(actual.dataGap()).as("data gap, " + what).isEqualTo(expected.dataGap());
      assertThat(actual.featuresTested()).as("features tested, " + what).isEqualTo(expected.featuresTested());
      assertClose(actual.accountUserDays(), expected.accountUserDays(), "account user-days, " + what);
      assertClose(actual.accountUsualUserDays(), expected.accountUsualUserDays(), "account usual, " + what);
      if (expected.recentDays() == null) {
        assertThat(actual.recentDays()).as("days since it began, " + what).isNull();
      } else {
        assertThat(actual.recentDays()).as("days since it began, " + what).isNotNull();
        assertThat(actual.recentDays().days()).as("days since it began, " + what).isEqualTo(expected.recentDays().days());
        assertClose(actual.recentDays().userDays(), expected.recentDays().userDays(), "since it began, " + what);
        assertClose(actual.recentDays().usual(), expected.recentDays().usual(), "since it began, usual, " + what);
      }
    }
    return arithmetic;
  }

  /**
   * The drops with a customer's equal percent drops (to the reported 0.1) ordered by metric and
   * feature, in both answers alike: two metrics whose drops are equal in exact arithmetic (say 25%)
   * can differ in the last bit of a float sum that PostgreSQL adds in an order of its own (a trimmed
   * mean of login frequency), which orders them either way; everything else keeps the answer's order.
   */
  private static List<DetectedDrop> tiesInOneOrder(List<DetectedDrop> drops) {
    List<DetectedDrop> sorted = new ArrayList<>(drops);
    sorted.sort(java.util.Comparator.comparing(DetectedDrop::customerId)
        .thenComparing(java.util.Comparator.comparingDouble(DetectedDrop::percentDrop).reversed())
        .thenComparing(DetectedDrop::metricType)
        .thenComparing(DetectedDrop::featureId, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    return sorted;
  }

  private static String key(DetectedDrop d) {
    return d.customerId() + "/" + d.metricType() + (d.featureId() == null ? "" : "/" + d.featureId());
  }

  private static void assertClose(Double actual, Double expected, String what) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).isNotNull();
      assertThat(actual).as(what).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(expected))));
    }
  }
}
