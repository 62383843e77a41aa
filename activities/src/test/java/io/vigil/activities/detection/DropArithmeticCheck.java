package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.DropArithmetic;
import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.RollupWindow;
import io.vigil.infra.persistence.UsageStore;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@link DropArithmetic} against the detection statement: every customer's window built from the
 * same rollup rows the statement reads, judged in Java, and the answer compared with
 * {@link UsageStore#scanDrops} row by row (the skipped customers and their reasons, then every drop
 * in order, rounded figures exactly, the unrounded counts to 1e-9 since PostgreSQL adds floating
 * sums in an order of its own).
 */
final class DropArithmeticCheck {
  private DropArithmeticCheck() {}

  /** Asserts that the arithmetic answers what the statement answers over every customer; returns the statement's drops. */
  static DropScan assertSameAsStatement(DataSource db, UsageStore usage, LocalDate asOf, int weeks, HolidayDays holidays,
      double minPercent, double minUsers, double minFeatureUses) {
    DropScan statement = usage.scanDrops(asOf, weeks, CustomerScope.all(), holidays, minPercent, minUsers, minFeatureUses);
    DropScan arithmetic = judgeAll(db, asOf, weeks, holidays, minPercent, minUsers, minFeatureUses);
    String where = "as of " + asOf + ", " + weeks + " baseline weeks, min percent " + minPercent;
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
    return statement;
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

  /** Every customer's window read from the rollups of the statement's days, judged in Java, in customer id order. */
  static DropScan judgeAll(DataSource db, LocalDate asOf, int weeks, HolidayDays holidays, double minPercent,
      double minUsers, double minFeatureUses) {
    DropArithmetic arithmetic = new DropArithmetic(asOf, weeks, minPercent, minUsers, minFeatureUses);
    LocalDate start = arithmetic.windowStart();
    int days = (int) ChronoUnit.DAYS.between(start, asOf) + 1;
    Map<String, DropArithmetic.Account> accounts = new TreeMap<>();
    Map<String, int[][]> usage = new HashMap<>();
    Map<String, TreeMap<String, int[]>> features = new HashMap<>();
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, csm_id, segment, arr FROM customers");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          accounts.put(rs.getString(1), new DropArithmetic.Account(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getBigDecimal(5)));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, metric_date, dau, wau, mau, login_users, login_wau"
          + " FROM usage_metrics WHERE metric_date BETWEEN ? AND ?")) {
        ps.setDate(1, Date.valueOf(start));
        ps.setDate(2, Date.valueOf(asOf));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int[][] arrays = usage.computeIfAbsent(rs.getString(1), id -> empty(5, days));
            int i = (int) ChronoUnit.DAYS.between(start, rs.getDate(2).toLocalDate());
            for (int a = 0; a < 5; a++) {
              arrays[a][i] = rs.getInt(3 + a);
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, feature_id, metric_date, uses"
          + " FROM feature_usage_metrics WHERE metric_date BETWEEN ? AND ?")) {
        ps.setDate(1, Date.valueOf(start));
        ps.setDate(2, Date.valueOf(asOf));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int[] uses = features.computeIfAbsent(rs.getString(1), id -> new TreeMap<>())
                .computeIfAbsent(rs.getString(2), f -> empty(1, days)[0]);
            uses[(int) ChronoUnit.DAYS.between(start, rs.getDate(3).toLocalDate())] = rs.getInt(4);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Set<LocalDate>> own = new HashMap<>();
    for (int i = 0; i < holidays.customerIds().size(); i++) {
      own.computeIfAbsent(holidays.customerIds().get(i), id -> new HashSet<>()).add(holidays.days().get(i));
    }
    List<DetectedDrop> drops = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (DropArithmetic.Account account : accounts.values()) {
      int[][] arrays = usage.getOrDefault(account.id(), empty(5, days));
      RollupWindow window = new RollupWindow(start, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
          features.getOrDefault(account.id(), new TreeMap<>()));
      Set<LocalDate> daysOff = new HashSet<>(holidays.everyone());
      daysOff.addAll(own.getOrDefault(account.id(), Set.of()));
      DropArithmetic.Verdict verdict = arithmetic.judge(account, window, daysOff);
      if (verdict.skipReason() != null) {
        skipped.put(account.id(), verdict.skipReason());
      }
      drops.addAll(verdict.drops());
    }
    return new DropScan(drops, skipped);
  }

  private static int[][] empty(int arrays, int days) {
    int[][] empty = new int[arrays][days];
    for (int[] a : empty) {
      Arrays.fill(a, RollupWindow.NO_ROLLUP);
    }
    return empty;
  }
}
