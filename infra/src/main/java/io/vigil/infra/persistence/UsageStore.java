package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Usage events in, daily rollups out, and the set-based detection query over the rollups. */
@Singleton
public class UsageStore {
  private final Sql sql;

  public UsageStore(Sql sql) {
    this.sql = sql;
  }

  /** Stores a validated batch in one transaction; events whose eventId is already stored are skipped. */
  public int insertEvents(List<UsageEventRow> events) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO usage_events (event_id, customer_id, user_id, event_type, feature_id, occurred_at)
          VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""")) {
        for (UsageEventRow e : events) {
          ps.setString(1, e.eventId());
          ps.setString(2, e.customerId());
          ps.setString(3, e.userId());
          ps.setString(4, e.eventType());
          ps.setString(5, e.featureId());
          ps.setTimestamp(6, Timestamp.from(e.occurredAt()));
          ps.addBatch();
        }
        int stored = 0;
        for (int n : ps.executeBatch()) {
          stored += Math.max(n, 0);
        }
        return stored;
      }
    });
  }

  /**
   * Recomputes the daily rollups for every day in [from, to] (UTC), for one customer or all. Days
   * without events get zero rows, so a customer who goes silent shows as a drop, not as a gap.
   */
  public int rollUp(String customerIdOrNull, LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      int rows;
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH ud AS (
            SELECT customer_id, user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE event_type = 'login') AS logins,
                   count(*) FILTER (WHERE event_type = 'session') AS sessions,
                   count(*) AS events
            FROM usage_events
            WHERE occurred_at >= (CAST(? AS date) - 29) AND occurred_at < (CAST(? AS date) + 1)
              AND (CAST(? AS text) IS NULL OR customer_id = ?)
            GROUP BY 1, 2, 3),
          days AS (SELECT generate_series(CAST(? AS date), CAST(? AS date), interval '1 day')::date AS d),
          custs AS (SELECT id AS customer_id FROM customers WHERE CAST(? AS text) IS NULL OR id = ?)
          INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, sessions, events)
          SELECT c.customer_id, days.d,
                 count(DISTINCT ud.user_id) FILTER (WHERE ud.day = days.d),
                 count(DISTINCT ud.user_id) FILTER (WHERE ud.day > days.d - 7),
                 count(DISTINCT ud.user_id),
                 coalesce(sum(ud.logins) FILTER (WHERE ud.day = days.d), 0),
                 count(DISTINCT ud.user_id) FILTER (WHERE ud.day = days.d AND ud.logins > 0),
                 count(DISTINCT ud.user_id) FILTER (WHERE ud.day > days.d - 7 AND ud.logins > 0),
                 coalesce(sum(ud.sessions) FILTER (WHERE ud.day = days.d), 0),
                 coalesce(sum(ud.events) FILTER (WHERE ud.day = days.d), 0)
          FROM custs c CROSS JOIN days
          LEFT JOIN ud ON ud.customer_id = c.customer_id AND ud.day BETWEEN days.d - 29 AND days.d
          GROUP BY c.customer_id, days.d
          ON CONFLICT (metric_date, customer_id) DO UPDATE SET dau = EXCLUDED.dau, wau = EXCLUDED.wau,
            mau = EXCLUDED.mau, logins = EXCLUDED.logins, login_users = EXCLUDED.login_users,
            login_wau = EXCLUDED.login_wau, sessions = EXCLUDED.sessions, events = EXCLUDED.events,
            calculated_at = now()""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        ps.setString(3, customerIdOrNull);
        ps.setString(4, customerIdOrNull);
        ps.setDate(5, Date.valueOf(from));
        ps.setDate(6, Date.valueOf(to));
        ps.setString(7, customerIdOrNull);
        ps.setString(8, customerIdOrNull);
        rows = ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          DELETE FROM feature_usage_metrics WHERE metric_date BETWEEN ? AND ?
            AND (CAST(? AS text) IS NULL OR customer_id = ?)""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        ps.setString(3, customerIdOrNull);
        ps.setString(4, customerIdOrNull);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users)
          SELECT customer_id, (occurred_at AT TIME ZONE 'UTC')::date, feature_id, count(*), count(DISTINCT user_id)
          FROM usage_events
          WHERE event_type = 'feature_used' AND feature_id IS NOT NULL
            AND occurred_at >= CAST(? AS date) AND occurred_at < (CAST(? AS date) + 1)
            AND (CAST(? AS text) IS NULL OR customer_id = ?)
          GROUP BY 1, 2, 3""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        ps.setString(3, customerIdOrNull);
        ps.setString(4, customerIdOrNull);
        ps.executeUpdate();
      }
      return rows;
    });
  }

  /**
   * The detection query: for every customer (or one), the recent window against the
   * {@code baselineWeeks} whole weeks before it, so both sides hold the same mix of weekdays. DAU
   * compares the evaluated day with the same weekday of the baseline weeks (and reports the 7-day
   * average's drop beside it), WAU and login frequency the week ending on the evaluated day, MAU
   * the 30 days ending then with the 30 days ending {@code baselineWeeks} weeks earlier, feature
   * usage the week's uses with the baseline's weekly average. Holidays are left out of the daily
   * figures. A customer is evaluated only with a rollup for the evaluated day and a full baseline.
   * Answers the drops larger than {@code minPercent}. docs/detection.md says more.
   */
  public List<DetectedDrop> findDrops(
      LocalDate asOf, int baselineWeeks, String customerIdOrNull, Collection<LocalDate> holidays,
      double minPercent, double minBaselineUsers, double minBaselineFeatureUses) {
    return sql.inTransaction(connection -> {
      List<DetectedDrop> drops = new ArrayList<>();
      try (Statement settings = connection.createStatement()) {
        // One big aggregation over every customer: room for its hash tables in memory. JIT is off so
        // a server built with it does not compile this once-a-day plan (the embedded build has none).
        settings.execute("SET LOCAL work_mem = '256MB'");
        settings.execute("SET LOCAL jit = off");
      }
      Array holidayArray = connection.createArrayOf("date", holidays.stream().map(Date::valueOf).toArray());
      try (PreparedStatement ps = connection.prepareStatement(DROPS_SQL)) {
        int i = 0;
        ps.setDate(++i, Date.valueOf(asOf));
        ps.setInt(++i, baselineWeeks);
        ps.setArray(++i, holidayArray);
        ps.setString(++i, customerIdOrNull);
        ps.setString(++i, customerIdOrNull);
        ps.setString(++i, customerIdOrNull);
        ps.setString(++i, customerIdOrNull);
        ps.setDouble(++i, minBaselineUsers);
        ps.setDouble(++i, minBaselineFeatureUses);
        ps.setDouble(++i, minPercent);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            drops.add(new DetectedDrop(
                rs.getString("customer_id"), rs.getString("name"), rs.getString("csm_id"), rs.getString("segment"),
                rs.getBigDecimal("arr"), rs.getString("metric_type"), rs.getString("feature_id"),
                rs.getDouble("current_value"), rs.getDouble("baseline_value"), rs.getDouble("percent_drop"),
                weekPercentDrop(rs)));
          }
        }
      }
      return drops;
    });
  }

  private static Double weekPercentDrop(ResultSet rs) throws java.sql.SQLException {
    double value = rs.getDouble("week_percent_drop");
    return rs.wasNull() ? null : value;
  }

  /*
   * One pass over the window's rollups per customer (FILTERed aggregates instead of a per-week
   * stage), the four account metrics unpivoted with VALUES rather than four scans, and p inlined
   * (NOT MATERIALIZED) so the planner sees the dates as constants. "w_end" rows are the evaluated
   * day and the same weekday in each baseline week.
   */
  private static final String DROPS_SQL = """
      WITH p AS NOT MATERIALIZED (SELECT CAST(? AS date) AS as_of, CAST(? AS int) AS weeks),
      m AS (
        SELECT um.customer_id, um.metric_date, um.dau, um.wau, um.mau, um.login_users, um.login_wau,
               um.metric_date = ANY(?) AS holiday,
               um.metric_date > p.as_of - 7 AS recent,
               (p.as_of - um.metric_date) % 7 = 0 AS w_end,
               um.metric_date = p.as_of AS is_day,
               um.metric_date = p.as_of - 7 * p.weeks AS is_base_month
        FROM usage_metrics um, p
        WHERE um.metric_date BETWEEN p.as_of - (7 * p.weeks + 6) AND p.as_of
          AND (CAST(? AS text) IS NULL OR um.customer_id = ?)),
      per_customer AS (
        SELECT customer_id,
               max(dau) FILTER (WHERE is_day AND NOT holiday) AS cur_day_dau,
               avg(dau) FILTER (WHERE w_end AND NOT recent AND NOT holiday) AS base_day_dau,
               avg(dau) FILTER (WHERE recent AND NOT holiday) AS cur_dau,
               avg(dau) FILTER (WHERE NOT recent AND NOT holiday) AS base_dau,
               max(wau) FILTER (WHERE is_day) AS cur_wau,
               avg(wau) FILTER (WHERE w_end AND NOT recent) AS base_wau,
               max(mau) FILTER (WHERE is_day) AS cur_mau,
               max(mau) FILTER (WHERE is_base_month) AS base_mau,
               CASE WHEN bool_or(is_day) THEN coalesce(sum(login_users) FILTER (WHERE recent)::float8
                 / nullif(max(login_wau) FILTER (WHERE is_day), 0), 0) END AS cur_login,
               sum(login_users) FILTER (WHERE NOT recent)::float8
                 / nullif(sum(login_wau) FILTER (WHERE w_end AND NOT recent), 0) AS base_login,
               avg(login_wau) FILTER (WHERE w_end AND NOT recent) AS base_login_wau,
               count(*) FILTER (WHERE w_end AND NOT recent) AS baseline_weeks,
               bool_or(is_day) AS has_day
        FROM m GROUP BY customer_id),
      evaluated AS (SELECT pc.* FROM per_customer pc, p WHERE pc.has_day AND pc.baseline_weeks = p.weeks),
      candidates AS (
        SELECT e.customer_id, v.metric_type, NULL::text AS feature_id, v.cur, v.base, v.base_users, v.week_pct
        FROM evaluated e CROSS JOIN LATERAL (VALUES
          ('dau', e.cur_day_dau, e.base_day_dau, e.base_day_dau, 100.0 * (e.base_dau - e.cur_dau) / nullif(e.base_dau, 0)),
          ('wau', e.cur_wau, e.base_wau, e.base_wau, NULL),
          ('mau', e.cur_mau, e.base_mau, e.base_mau, NULL),
          ('login_frequency', e.cur_login, e.base_login, e.base_login_wau, NULL))
          AS v (metric_type, cur, base, base_users, week_pct)),
      feature_weekly AS (
        SELECT f.customer_id, f.feature_id,
               coalesce(sum(f.uses) FILTER (WHERE f.metric_date > p.as_of - 7), 0)::float8 AS cur,
               coalesce(sum(f.uses) FILTER (WHERE f.metric_date <= p.as_of - 7), 0)::float8 / p.weeks AS base
        FROM feature_usage_metrics f, p
        WHERE f.metric_date BETWEEN p.as_of - (7 * p.weeks + 6) AND p.as_of
          AND (CAST(? AS text) IS NULL OR f.customer_id = ?)
        GROUP BY f.customer_id, f.feature_id, p.weeks),
      drops AS (
        SELECT customer_id, metric_type, feature_id, cur, base, 100.0 * (base - cur) / base AS pct, week_pct
        FROM candidates WHERE base_users >= ? AND base > 0 AND cur IS NOT NULL
        UNION ALL
        SELECT fw.customer_id, 'feature_usage', fw.feature_id, fw.cur, fw.base, 100.0 * (fw.base - fw.cur) / fw.base, NULL
        FROM feature_weekly fw JOIN evaluated USING (customer_id) WHERE fw.base >= ?)
      SELECT d.customer_id, c.name, c.csm_id, c.segment, c.arr, d.metric_type, d.feature_id,
             round(d.cur::numeric, 2) AS current_value, round(d.base::numeric, 2) AS baseline_value,
             round(d.pct::numeric, 1) AS percent_drop, round(d.week_pct::numeric, 1) AS week_percent_drop
      FROM drops d JOIN customers c ON c.id = d.customer_id
      WHERE d.pct > ?
      ORDER BY d.customer_id, d.pct DESC, d.metric_type, d.feature_id""";

  /** The newest day with rollups for a customer. */
  public java.util.Optional<LocalDate> latestMetricDate(String customerId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT max(metric_date) FROM usage_metrics WHERE customer_id = ?")) {
        ps.setString(1, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          Date day = rs.getDate(1);
          return java.util.Optional.ofNullable(day).map(Date::toLocalDate);
        }
      }
    });
  }
}
