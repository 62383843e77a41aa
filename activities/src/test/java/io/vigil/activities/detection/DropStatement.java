package io.vigil.activities.detection;

import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.RecentDays;
import io.vigil.infra.persistence.Sql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection as one SQL statement over the daily rollup rows, as {@code UsageStore.scanDrops} ran
 * it until issue 12 (main at 0dcd889): kept as the reference that the detection over the maintained
 * windows ({@code DropArithmetic} on {@code usage_windows}) must answer exactly
 * ({@link DropArithmeticCheck}), since {@code UsageDropDetectionTest} pinned its semantics.
 */
final class DropStatement {
  private DropStatement() {}

  static DropScan scan(Sql sql,
      LocalDate asOf, int baselineWeeks, CustomerScope scope, HolidayDays holidays,
      double minPercent, double minBaselineUsers, double minBaselineFeatureUses) {
    return sql.inTransaction(connection -> {
      List<DetectedDrop> drops = new ArrayList<>();
      Map<String, String> skipped = new LinkedHashMap<>();
      try (Statement settings = connection.createStatement()) {
        // One big aggregation over every customer: room for its hash tables in memory. JIT is off so
        // a server built with it does not compile this once-a-day plan (the embedded build has none).
        // Custom plans only: a page's id range must be planned with its values, every time.
        settings.execute("SET LOCAL work_mem = '256MB'");
        settings.execute("SET LOCAL jit = off");
        settings.execute("SET LOCAL plan_cache_mode = force_custom_plan");
      }
      Array holidayArray = dates(connection, holidays.everyone());
      String sqlText = DROPS_SQL.formatted(scope.andDays("um.metric_date") + scope.and("um.customer_id"),
          scope.andDays("f.metric_date") + scope.and("f.customer_id"), scope.and("c.id"));
      LocalDate windowStart = asOf.minusDays(7L * baselineWeeks + 6);
      try (PreparedStatement ps = connection.prepareStatement(sqlText)) {
        int i = 1;
        ps.setDate(i++, Date.valueOf(asOf));
        ps.setInt(i++, baselineWeeks);
        ps.setArray(i++, holidayArray);
        ps.setArray(i++, dates(connection, holidays.customerDays()));
        ps.setArray(i++, connection.createArrayOf("text", holidays.customerIds().toArray()));
        ps.setArray(i++, dates(connection, holidays.days()));
        i = scope.bindDays(connection, ps, i, windowStart, asOf);
        i = scope.bind(connection, ps, i);
        i = scope.bindDays(connection, ps, i, windowStart, asOf);
        i = scope.bind(connection, ps, i);
        ps.setDouble(i++, minBaselineUsers);
        ps.setDouble(i++, minBaselineFeatureUses);
        i = scope.bind(connection, ps, i);
        ps.setDouble(i++, minBaselineUsers);
        ps.setDouble(i++, minBaselineFeatureUses);
        ps.setDouble(i, minPercent);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (rs.getString("skip_reason") != null) {
              skipped.put(rs.getString("customer_id"), rs.getString("skip_reason"));
              continue;
            }
            drops.add(new DetectedDrop(
                rs.getString("customer_id"), rs.getString("name"), rs.getString("csm_id"), rs.getString("segment"),
                rs.getBigDecimal("arr"), rs.getString("metric_type"), rs.getString("feature_id"),
                rs.getDouble("current_value"), rs.getDouble("baseline_value"), rs.getDouble("percent_drop"),
                nullable(rs, "week_percent_drop"), nullable(rs, "current_count"), nullable(rs, "baseline_count"),
                recentDays(nullable(rs, "recent_count"), nullable(rs, "recent_baseline_count"),
                    nullable(rs, "recent_days")), rs.getBoolean("data_gap"), nullableInt(rs, "features_tested"),
                nullable(rs, "account_count"), nullable(rs, "account_usual")));
          }
        }
      }
      return new DropScan(drops, skipped);
    });
  }

  private static Array dates(Connection connection, Collection<LocalDate> days) throws SQLException {
    return connection.createArrayOf("date", days.stream().map(Date::valueOf).toArray());
  }

  private static Double nullable(ResultSet rs, String column) throws java.sql.SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  private static Integer nullableInt(ResultSet rs, String column) throws java.sql.SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /*
   * Two aggregations: the window's rollups per customer and week (week 0 the recent week ending on
   * the evaluated day, 1..N the baseline weeks; "w_end" is a week's last day, the same weekday as
   * the evaluated day), then per customer, where every baseline figure is the trimmed mean of its
   * weekly values (TRIMMED: without the highest and the lowest week; with 4 weeks, the median), so
   * one unusual week neither hides a drop nor fakes one. The four account metrics are unpivoted
   * with VALUES rather than four scans, and p is inlined (NOT MATERIALIZED) so the planner sees the
   * dates as constants. cur_count/base_count are the counts the significance test compares: the
   * week's active user-days against the usual ones (DAU, WAU, MAU: usual_user_days, the sum of each
   * day's own weekday's trimmed DAU, so that a training week split over two baseline weeks, which
   * the trimmed weekly sums keep half of, is trimmed away day by day), its login-days (login
   * frequency), or a feature's weekly uses (features_tested: how many of the customer's features
   * are tested, the family a feature's test is corrected for; account_count/account_usual: the
   * week's active user-days and their usual number beside a feature's drop, whether the account's
   * users agree with it). per_day holds each day of the recent
   * week with its weekday's trimmed baseline; week_days marks the evaluated day when it is a data gap
   * (gap_day: a business day without any event after an active previous open business day, the
   * nearest earlier weekday of the week that is not a day off, found by the min of day-in-week and
   * DAU packed in one bigint). A gap leaves the week's daily figures (user-days on both sides, open
   * business days) and is not judged for DAU (data_gap); feature uses and
   * login-days count per 5 open business days. judged_days/recent are the days since a DAU drop
   * began: the run ending on the evaluated day in which no business day reached its weekday's
   * baseline (last_usual: the nearest one that did).
   * A day is a holiday for everyone, or for the customer: the (customer, day) pairs are probed only
   * on days some customer has off (docs/performance.md, "Customers' holidays").
   * Cost (issue 12, docs/performance.md): m is not materialized, so that per_week and per_day each read
   * the rollups themselves, where PostgreSQL may aggregate in parallel workers (a materialized CTE is
   * read by the leader alone, after being written out whole); a business day is day arithmetic from a
   * Monday, not extract(isodow), which is numeric since PostgreSQL 14; windows partition customers
   * under "C" (only which rows share a customer matters there, not their order), so their sorts
   * compare bytes rather than the database's collation.
   * The three %s are the scope's conditions on usage_metrics, feature_usage_metrics and customers.
   * Customers not evaluated come back as rows with a skip_reason and nothing else.
   */
  private static final String DROPS_SQL = """
      WITH p AS NOT MATERIALIZED (SELECT CAST(? AS date) AS as_of, CAST(? AS int) AS weeks),
      m AS NOT MATERIALIZED (
        SELECT um.customer_id, um.dau, um.wau, um.mau, um.login_users, um.login_wau,
               (um.metric_date = ANY(?) OR (um.metric_date = ANY(?)
                 AND (um.customer_id, um.metric_date) IN (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS date[]))))) AS holiday,
               (p.as_of - um.metric_date) / 7 AS week,
               (p.as_of - um.metric_date) %% 7 AS day_in_week,
               (p.as_of - um.metric_date) %% 7 = 0 AS w_end,
               ((um.metric_date - DATE '2024-01-01') %% 7 + 7) %% 7 < 5 AS business
        FROM usage_metrics um, p
        WHERE um.metric_date BETWEEN p.as_of - (7 * p.weeks + 6) AND p.as_of%s),
      per_week AS (
        SELECT customer_id, week,
               max(dau) FILTER (WHERE w_end AND NOT holiday) AS day_dau,
               count(*) FILTER (WHERE business AND NOT holiday) AS open_business_days,
               sum(dau) FILTER (WHERE NOT holiday) AS user_days,
               max(wau) FILTER (WHERE w_end) AS wau,
               max(mau) FILTER (WHERE w_end) AS mau,
               sum(login_users)::float8 / nullif(max(login_wau) FILTER (WHERE w_end), 0) AS login,
               sum(login_users) AS login_days,
               max(login_wau) FILTER (WHERE w_end) AS login_wau,
               bool_or(w_end) AS has_end
        FROM m GROUP BY customer_id, week),
      per_customer AS (
        SELECT customer_id,
               max(day_dau) FILTER (WHERE week = 0) AS cur_day_dau,
               TRIMMED(day_dau) AS base_day_dau,
               max(user_days) FILTER (WHERE week = 0) AS cur_user_days,
               max(open_business_days) FILTER (WHERE week = 0) AS cur_open_business_days,
               max(wau) FILTER (WHERE week = 0) AS cur_wau,
               TRIMMED(wau) AS base_wau,
               max(mau) FILTER (WHERE week = 0) AS cur_mau,
               max(mau) FILTER (WHERE week = p.weeks) AS base_mau,
               CASE WHEN bool_or(has_end) FILTER (WHERE week = 0)
                 THEN coalesce(max(login) FILTER (WHERE week = 0), 0) END AS cur_login,
               TRIMMED(login) AS base_login,
               max(login_days) FILTER (WHERE week = 0) AS cur_login_days,
               TRIMMED(login_days) AS base_login_days,
               TRIMMED(login_wau) AS base_login_wau,
               count(*) FILTER (WHERE week > 0 AND has_end) AS baseline_weeks,
               coalesce(bool_or(has_end) FILTER (WHERE week = 0), false) AS has_day
        FROM per_week, p GROUP BY customer_id, p.weeks),
      per_day AS (
        SELECT customer_id, day_in_week, bool_or(business) AS business,
               max(open_dau) FILTER (WHERE week = 0) AS cur, TRIMMED(open_dau) AS base
        FROM (SELECT customer_id, week, day_in_week, business, CASE WHEN NOT holiday THEN dau END AS open_dau FROM m) d
        GROUP BY customer_id, day_in_week),
      week_days AS (
        SELECT customer_id, day_in_week, business, cur, base,
               coalesce(day_in_week = 0 AND business AND cur = 0 AND prev_open > 0, false) AS gap_day
        FROM (SELECT d.*,
                     (min(day_in_week * 1000000000::bigint + cur) FILTER (WHERE business AND cur IS NOT NULL)
                       OVER (PARTITION BY customer_id COLLATE "C" ORDER BY day_in_week ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING))
                       %% 1000000000 AS prev_open
              FROM per_day d) w),
      week_summary AS (
        SELECT customer_id, coalesce(bool_or(gap_day) FILTER (WHERE day_in_week = 0), false) AS gap,
               count(*) FILTER (WHERE gap_day) AS gap_days,
               sum(base) FILTER (WHERE cur IS NOT NULL AND NOT gap_day) AS usual_user_days
        FROM week_days GROUP BY customer_id),
      evaluated AS (
        SELECT pc.customer_id, w.gap, pc.base_day_dau, pc.base_wau, pc.base_mau, pc.base_login, pc.base_login_days,
               pc.base_login_wau, pc.cur_wau, pc.cur_mau, pc.cur_login_days, pc.cur_day_dau, pc.cur_user_days,
               w.usual_user_days, greatest(pc.cur_open_business_days - w.gap_days, 0) AS open_business,
               pc.cur_login * 5.0 / nullif(greatest(pc.cur_open_business_days - w.gap_days, 0), 0) AS cur_login
        FROM per_customer pc JOIN week_summary w USING (customer_id), p
        WHERE pc.has_day AND pc.baseline_weeks = p.weeks),
      judged_days AS (
        SELECT d.customer_id, d.day_in_week, d.business, d.cur, d.base,
               min(d.day_in_week) FILTER (WHERE d.business AND d.cur >= d.base) OVER (PARTITION BY d.customer_id COLLATE "C") AS last_usual
        FROM week_days d JOIN evaluated e USING (customer_id)
        WHERE d.cur IS NOT NULL AND d.base IS NOT NULL AND NOT d.gap_day),
      recent AS (
        SELECT customer_id, sum(cur)::float8 AS recent_count, sum(base) AS recent_base_count,
               count(*) FILTER (WHERE business) AS recent_business_days, max(day_in_week) + 1 AS recent_days
        FROM judged_days WHERE day_in_week < coalesce(last_usual, 7)
        GROUP BY customer_id),
      candidates AS (
        SELECT e.customer_id, v.metric_type, NULL::text AS feature_id, v.cur, v.base, v.base_users, v.week_pct,
               v.cur_count, v.base_count, e.gap AND v.metric_type = 'dau' AS data_gap
        FROM evaluated e CROSS JOIN LATERAL (VALUES
          ('dau', e.cur_day_dau, e.base_day_dau, e.base_day_dau,
           100.0 * (e.usual_user_days - e.cur_user_days) / nullif(e.usual_user_days, 0),
           e.cur_user_days::float8, e.usual_user_days),
          ('wau', e.cur_wau, e.base_wau, e.base_wau, NULL, e.cur_user_days::float8, e.usual_user_days),
          ('mau', e.cur_mau, e.base_mau, e.base_mau, NULL, e.cur_user_days::float8, e.usual_user_days),
          ('login_frequency', e.cur_login, e.base_login, e.base_login_wau, NULL, e.cur_login_days::float8,
           e.base_login_days * e.open_business / 5.0))
          AS v (metric_type, cur, base, base_users, week_pct, cur_count, base_count)),
      feature_weeks AS (
        SELECT f.customer_id, f.feature_id, (p.as_of - f.metric_date) / 7 AS week, sum(f.uses)::float8 AS uses
        FROM feature_usage_metrics f, p
        WHERE f.metric_date BETWEEN p.as_of - (7 * p.weeks + 6) AND p.as_of%s
        GROUP BY 1, 2, 3),
      feature_weekly AS (
        SELECT customer_id, feature_id,
               coalesce(sum(uses) FILTER (WHERE week = 0), 0) AS cur,
               FEATURE_TRIMMED AS base
        FROM feature_weeks, p
        GROUP BY customer_id, feature_id, p.weeks),
      drops AS (
        SELECT customer_id, metric_type, feature_id, cur, base, 100.0 * (base - cur) / base AS pct, week_pct,
               cur_count, base_count, data_gap, NULL::bigint AS features_tested,
               NULL::float8 AS account_count, NULL::float8 AS account_usual
        FROM candidates WHERE base_users >= ? AND base > 0 AND cur IS NOT NULL
        UNION ALL
        SELECT fw.customer_id, 'feature_usage', fw.feature_id, fw.cur * 5.0 / e.open_business, fw.base,
               100.0 * (fw.base - fw.cur * 5.0 / e.open_business) / fw.base, NULL, fw.cur, fw.base * e.open_business / 5.0,
               false, count(*) OVER (PARTITION BY fw.customer_id COLLATE "C"), e.cur_user_days::float8, e.usual_user_days
        FROM feature_weekly fw JOIN evaluated e USING (customer_id) WHERE fw.base >= ? AND e.open_business > 0),
      scoped AS (SELECT c.id AS customer_id FROM customers c WHERE true%s),
      skipped AS (
        SELECT s.customer_id, CASE WHEN e.customer_id IS NULL THEN 'notEnoughHistory' ELSE 'baselineTooSmall' END AS reason
        FROM scoped s LEFT JOIN evaluated e USING (customer_id)
        WHERE e.customer_id IS NULL
           OR (coalesce(greatest(e.base_day_dau, e.base_wau, e.base_mau, e.base_login_wau), 0) < ?
               AND NOT EXISTS (SELECT 1 FROM feature_weekly fw WHERE fw.customer_id = e.customer_id AND fw.base >= ?)))
      SELECT d.customer_id, c.name, c.csm_id, c.segment, c.arr, d.metric_type, d.feature_id,
             round(d.cur::numeric, 2) AS current_value, round(d.base::numeric, 2) AS baseline_value,
             round(d.pct::numeric, 1) AS percent_drop, round(d.week_pct::numeric, 1) AS week_percent_drop,
             d.cur_count AS current_count, d.base_count AS baseline_count,
             CASE WHEN d.metric_type = 'dau' AND r.recent_business_days >= 2 THEN r.recent_count END AS recent_count,
             CASE WHEN d.metric_type = 'dau' AND r.recent_business_days >= 2 THEN r.recent_base_count END AS recent_baseline_count,
             CASE WHEN d.metric_type = 'dau' AND r.recent_business_days >= 2 THEN r.recent_days END AS recent_days,
             d.data_gap, d.features_tested, d.account_count, d.account_usual,
             NULL::text AS skip_reason, d.pct AS sort_pct
      FROM drops d JOIN customers c ON c.id = d.customer_id LEFT JOIN recent r USING (customer_id)
      WHERE d.pct > ?
      UNION ALL
      SELECT customer_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, reason, NULL
      FROM skipped
      ORDER BY customer_id, sort_pct DESC NULLS LAST, metric_type, feature_id"""
      .replaceAll("TRIMMED\\((\\w+)\\)", trimmedMean("$1"))
      .replace("FEATURE_TRIMMED", trimmedMeanWithMissingWeeksAsZero("uses"));

  /**
   * The trimmed mean of a weekly figure over the baseline weeks (week > 0) of one customer's rows:
   * the weeks without the highest and the lowest when there are at least three (with four, the
   * median), else their mean. Weeks without the figure (a holiday, no rollup) are left out.
   */
  private static String trimmedMean(String column) {
    String b = " FILTER (WHERE week > 0)";
    return ("(sum(%1$s)%2$s - CASE WHEN count(%1$s)%2$s >= 3 THEN max(%1$s)%2$s + min(%1$s)%2$s ELSE 0 END)::float8"
        + " / nullif(count(%1$s)%2$s - CASE WHEN count(%1$s)%2$s >= 3 THEN 2 ELSE 0 END, 0)").formatted(column, b);
  }

  /** As {@link #trimmedMean} over all {@code p.weeks} baseline weeks, a week without a row counting as 0 (no uses). */
  private static String trimmedMeanWithMissingWeeksAsZero(String column) {
    String b = " FILTER (WHERE week > 0)";
    return ("(coalesce(sum(%1$s)%2$s, 0) - CASE WHEN p.weeks >= 3 THEN coalesce(max(%1$s)%2$s, 0)"
        + " + CASE WHEN count(*)%2$s < p.weeks THEN 0 ELSE min(%1$s)%2$s END ELSE 0 END)"
        + " / (p.weeks - CASE WHEN p.weeks >= 3 THEN 2 ELSE 0 END)").formatted(column, b);
  }

  private static RecentDays recentDays(Double userDays, Double usual, Double days) {
    return userDays == null || usual == null || days == null ? null : new RecentDays(userDays, usual, days.intValue());
  }
}
