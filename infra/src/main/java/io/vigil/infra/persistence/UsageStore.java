package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Usage events in, daily rollups out, and the set-based detection query over the rollups. */
@Singleton
public class UsageStore {
  private final Sql sql;
  private final UsageEventPartitions partitions;

  public UsageStore(Sql sql) {
    this.sql = sql;
    this.partitions = new UsageEventPartitions(sql);
  }

  /**
   * Stores a validated batch in one transaction; events whose eventId is already stored are skipped.
   * The eventIds are claimed first in {@code usage_event_ids} (a 64-bit hash under a bigint key, in
   * key order so that concurrent batches sharing ids wait on each other without a cycle); only the
   * events whose id this batch claimed, and those without an id, are copied into {@code usage_events}
   * with COPY. Each (customer, day) that received a stored event is marked due for its rollup
   * ({@code usage_dirty_days}), in day order, so that a concurrent rollup and this batch never wait on
   * each other in a cycle. The days' partitions are created first, in transactions of their own.
   */
  public int insertEvents(List<UsageEventRow> events) {
    partitions.ensureFor(events.stream().map(e -> utcDay(e.occurredAt())).collect(Collectors.toCollection(TreeSet::new)));
    return sql.inTransaction(connection -> {
      List<UsageEventRow> fresh = unclaimed(connection, events);
      if (fresh.isEmpty()) {
        return 0;
      }
      UsageEventCopy.copy(connection, fresh);
      Set<DirtyDay> dirty = new TreeSet<>();
      for (UsageEventRow e : fresh) {
        dirty.add(new DirtyDay(utcDay(e.occurredAt()), e.customerId()));
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO usage_dirty_days (day, customer_id)
          SELECT day, customer_id FROM unnest(CAST(? AS date[]), CAST(? AS text[])) AS d (day, customer_id)
          ORDER BY day, customer_id
          ON CONFLICT DO NOTHING""")) {
        ps.setArray(1, connection.createArrayOf("date", dirty.stream().map(d -> Date.valueOf(d.day())).toArray()));
        ps.setArray(2, connection.createArrayOf("text", dirty.stream().map(DirtyDay::customerId).toArray()));
        ps.executeUpdate();
      }
      return fresh.size();
    });
  }

  /**
   * The order of the partitions' (customer_id, occurred_at) index: rows copied in it insert into
   * the same index pages one after another (a COPY of 400,000 events 20-30% faster than in arrival
   * order, docs/performance.md).
   */
  private static final Comparator<UsageEventRow> INDEX_ORDER =
      Comparator.comparing(UsageEventRow::customerId).thenComparing(UsageEventRow::occurredAt);

  /** The events of {@code events} this transaction claimed the eventId of (no other has it), and those without one. */
  private static List<UsageEventRow> unclaimed(Connection connection, List<UsageEventRow> events) throws SQLException {
    List<String> ids = events.stream().map(UsageEventRow::eventId).filter(Objects::nonNull).toList();
    Set<String> claimed = new HashSet<>();
    if (!ids.isEmpty()) {
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH ids AS (SELECT id, hashtextextended(id, 0) AS event_key FROM unnest(CAST(? AS text[])) AS id),
          claimed AS (
            INSERT INTO usage_event_ids (event_key) SELECT event_key FROM ids ORDER BY event_key
            ON CONFLICT DO NOTHING RETURNING event_key)
          SELECT ids.id FROM ids JOIN claimed USING (event_key)""")) {
        ps.setArray(1, connection.createArrayOf("text", ids.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(rs.getString(1));
          }
        }
      }
    }
    return events.stream().filter(e -> e.eventId() == null || claimed.contains(e.eventId())).sorted(INDEX_ORDER).toList();
  }

  private static LocalDate utcDay(java.time.Instant at) {
    return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400));
  }

  private record DirtyDay(LocalDate day, String customerId) implements Comparable<DirtyDay> {
    @Override
    public int compareTo(DirtyDay o) {
      int byDay = day.compareTo(o.day);
      return byDay != 0 ? byDay : customerId.compareTo(o.customerId);
    }
  }

  /** As {@link #rollUpCustomers} for one customer, or all for null. */
  public int rollUp(String customerIdOrNull, LocalDate from, LocalDate to) {
    return rollUpCustomers(CustomerScope.of(customerIdOrNull), from, to);
  }

  /**
   * Recomputes the daily rollups for every day in [from, to] (UTC) of the customers in
   * {@code scope}. Days without events get zero rows, so a customer who goes silent shows as a drop,
   * not as a gap. First (so that events stored meanwhile are marked again, never lost) it takes the
   * range's days off {@code usage_dirty_days}; a day whose wau/mau reach past {@code to} into
   * rollups that already exist leaves its mark on the day after {@code to}.
   */
  public int rollUpCustomers(CustomerScope scope, LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH cleared AS (
            DELETE FROM usage_dirty_days WHERE day BETWEEN ? AND ?%s
            RETURNING day, customer_id)
          INSERT INTO usage_dirty_days (day, customer_id)
          SELECT DISTINCT CAST(? AS date) + 1, c.customer_id FROM cleared c
          WHERE c.day + 29 > CAST(? AS date)
            AND EXISTS (SELECT 1 FROM usage_metrics um WHERE um.customer_id = c.customer_id
                          AND um.metric_date > CAST(? AS date) AND um.metric_date <= c.day + 29)
          ON CONFLICT DO NOTHING""".formatted(scope.and("customer_id")))) {
        int i = 1;
        ps.setDate(i++, Date.valueOf(from));
        ps.setDate(i++, Date.valueOf(to));
        i = scope.bind(connection, ps, i);
        ps.setDate(i++, Date.valueOf(to));
        ps.setDate(i++, Date.valueOf(to));
        ps.setDate(i, Date.valueOf(to));
        ps.executeUpdate();
      }
      int rows;
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH ud AS (
            SELECT customer_id, user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE event_type = 'login') AS logins,
                   count(*) FILTER (WHERE event_type = 'session') AS sessions,
                   count(*) AS events
            FROM usage_events
            WHERE occurred_at >= (CAST(? AS date) - 29) AND occurred_at < (CAST(? AS date) + 1)%s
            GROUP BY 1, 2, 3),
          days AS (SELECT generate_series(CAST(? AS date), CAST(? AS date), interval '1 day')::date AS d),
          custs AS (SELECT id AS customer_id FROM customers WHERE true%s)
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
            calculated_at = now()""".formatted(scope.and("customer_id"), scope.and("id")))) {
        int i = 1;
        ps.setDate(i++, Date.valueOf(from));
        ps.setDate(i++, Date.valueOf(to));
        i = scope.bind(connection, ps, i);
        ps.setDate(i++, Date.valueOf(from));
        ps.setDate(i++, Date.valueOf(to));
        scope.bind(connection, ps, i);
        rows = ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          DELETE FROM feature_usage_metrics WHERE metric_date BETWEEN ? AND ?%s""".formatted(scope.and("customer_id")))) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        scope.bind(connection, ps, 3);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users)
          SELECT customer_id, (occurred_at AT TIME ZONE 'UTC')::date, feature_id, count(*), count(DISTINCT user_id)
          FROM usage_events
          WHERE event_type = 'feature_used' AND feature_id IS NOT NULL
            AND occurred_at >= CAST(? AS date) AND occurred_at < (CAST(? AS date) + 1)%s
          GROUP BY 1, 2, 3""".formatted(scope.and("customer_id")))) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        scope.bind(connection, ps, 3);
        ps.executeUpdate();
      }
      return rows;
    });
  }

  /** Rollups due from {@code from} to the evaluated day for {@code customers} (all of the plan's scope when {@link CustomerScope#isAll()}). */
  public record RollupNeed(LocalDate from, CustomerScope customers, long count) {}

  /** What an evaluation needs rolled up, earliest first, and how many customers it covers. */
  public record RollupPlan(long customersInScope, List<RollupNeed> needs) {}

  /**
   * What an evaluation over [{@code windowStart}, {@code asOf}] needs rolled up first, per
   * customer: the days since the first one without a rollup (a customer with no rollup in the
   * window at all, or a gap, from {@code windowStart}; rollups that stop short, from the day after
   * the last), and the days since the first day marked due in {@code usage_dirty_days} from 29 days
   * before the window (its wau/mau reach into the window) up to {@code asOf}. Customers are grouped
   * by the day their rollup must start from; a group holding every customer of the scope is
   * answered as that scope rather than a list of ids.
   */
  public RollupPlan rollupNeeds(LocalDate windowStart, LocalDate asOf, CustomerScope scope) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH scoped AS (SELECT id AS customer_id FROM customers WHERE true%s),
          dirty AS (
            SELECT customer_id, min(day) AS from_day FROM usage_dirty_days
            WHERE day BETWEEN CAST(? AS date) - 29 AND CAST(? AS date)%s
            GROUP BY customer_id),
          have AS (
            SELECT customer_id, count(*) AS n, min(metric_date) AS first_day, max(metric_date) AS last_day
            FROM usage_metrics WHERE metric_date BETWEEN CAST(? AS date) AND CAST(? AS date)%s%s
            GROUP BY customer_id),
          missing AS (
            SELECT s.customer_id,
                   CASE WHEN h.customer_id IS NULL OR h.first_day > CAST(? AS date) THEN CAST(? AS date)
                        WHEN h.n = h.last_day - CAST(? AS date) + 1 THEN h.last_day + 1
                        ELSE CAST(? AS date) END AS from_day
            FROM scoped s LEFT JOIN have h USING (customer_id)
            WHERE coalesce(h.n, 0) < CAST(? AS date) - CAST(? AS date) + 1),
          due AS (
            SELECT customer_id, min(from_day) AS from_day
            FROM (SELECT * FROM dirty UNION ALL SELECT * FROM missing) x
            JOIN scoped USING (customer_id)
            GROUP BY customer_id)
          SELECT from_day, array_agg(customer_id ORDER BY customer_id), count(*), (SELECT count(*) FROM scoped)
          FROM due GROUP BY from_day ORDER BY from_day""".formatted(
              scope.and("id"), scope.and("customer_id"), scope.andDays("metric_date"), scope.and("customer_id")))) {
        int i = scope.bind(connection, ps, 1);
        ps.setDate(i++, Date.valueOf(windowStart));
        ps.setDate(i++, Date.valueOf(asOf));
        i = scope.bind(connection, ps, i);
        ps.setDate(i++, Date.valueOf(windowStart));
        ps.setDate(i++, Date.valueOf(asOf));
        i = scope.bindDays(connection, ps, i, windowStart, asOf);
        i = scope.bind(connection, ps, i);
        for (int k = 0; k < 4; k++) {
          ps.setDate(i++, Date.valueOf(windowStart));
        }
        ps.setDate(i++, Date.valueOf(asOf));
        ps.setDate(i, Date.valueOf(windowStart));
        List<RollupNeed> needs = new ArrayList<>();
        Long inScope = null;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long count = rs.getLong(3);
            inScope = rs.getLong(4);
            CustomerScope customers = count == inScope ? scope
                : CustomerScope.ids(Arrays.asList((String[]) rs.getArray(2).getArray()));
            needs.add(new RollupNeed(rs.getDate(1).toLocalDate(), customers, count));
          }
        }
        return new RollupPlan(inScope != null ? inScope : countCustomers(connection, scope), needs);
      }
    });
  }

  private static long countCustomers(Connection connection, CustomerScope scope) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT count(*) FROM customers WHERE true" + scope.and("id"))) {
      scope.bind(connection, ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public long countCustomers(CustomerScope scope) {
    return sql.inTransaction(connection -> countCustomers(connection, scope));
  }

  /** The next {@code limit} customer ids after {@code afterExclusive} (null: from the first), in id order. */
  public List<String> customerIdsAfter(String afterExclusive, int limit) {
    return customerIdsBetween(afterExclusive, null, limit);
  }

  /**
   * The next {@code limit} customer ids after {@code afterExclusive} (null: from the first) up to and
   * including {@code throughInclusive} (null: to the last), in id order.
   */
  public List<String> customerIdsBetween(String afterExclusive, String throughInclusive, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM customers WHERE true"
          + (afterExclusive == null ? "" : " AND id > ?") + (throughInclusive == null ? "" : " AND id <= ?")
          + " ORDER BY id LIMIT ?")) {
        int i = 1;
        if (afterExclusive != null) {
          ps.setString(i++, afterExclusive);
        }
        if (throughInclusive != null) {
          ps.setString(i++, throughInclusive);
        }
        ps.setInt(i, limit);
        return ids(ps);
      }
    });
  }

  /**
   * Where the customers split into slices of {@code size} (in id order): the last id of every slice
   * but the last, which runs to the end. Slices cover every customer, also those created after the
   * split (each falls in the slice its id sorts into).
   */
  public List<String> sliceBounds(int size) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers) c
          WHERE n % ? = 0 ORDER BY id""")) {
        ps.setInt(1, size);
        List<String> bounds = ids(ps);
        // a bound on the very last customer would leave an empty last slice
        if (!bounds.isEmpty() && bounds.size() * (long) size == countCustomers(connection, CustomerScope.all())) {
          bounds.remove(bounds.size() - 1);
        }
        return bounds;
      }
    });
  }

  private static List<String> ids(PreparedStatement ps) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }

  /** The drops of {@link #scanDrops} alone, for one customer or all. */
  public List<DetectedDrop> findDrops(
      LocalDate asOf, int baselineWeeks, String customerIdOrNull, HolidayDays holidays,
      double minPercent, double minBaselineUsers, double minBaselineFeatureUses) {
    return scanDrops(asOf, baselineWeeks, CustomerScope.of(customerIdOrNull), holidays, minPercent, minBaselineUsers,
        minBaselineFeatureUses).drops();
  }

  /**
   * The detection query: for every customer in {@code scope}, the recent window against the
   * {@code baselineWeeks} whole weeks before it, so both sides hold the same mix of weekdays. DAU
   * compares the evaluated day with the same weekday of the baseline weeks (and reports the 7-day
   * average's drop beside it), WAU and login frequency the week ending on the evaluated day, MAU
   * the 30 days ending then with the 30 days ending {@code baselineWeeks} weeks earlier, feature
   * usage the week's uses with the baseline's weekly average. Holidays (everyone's, and each
   * customer's own) are left out of the daily figures. A customer is evaluated only with a rollup for the evaluated day and a full baseline
   * ({@link DropScan#NOT_ENOUGH_HISTORY} otherwise), and a baseline of at least the minimum users
   * or feature uses somewhere ({@link DropScan#BASELINE_TOO_SMALL} otherwise). Answers the drops
   * larger than {@code minPercent} and the customers not evaluated, with why. docs/detection.md
   * says more.
   */
  public DropScan scanDrops(
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
                RecentDays.of(nullable(rs, "recent_count"), nullable(rs, "recent_baseline_count"),
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

  /** Each customer of {@code scope} with its country and region, by id. */
  public Map<String, CustomerPlace> places(CustomerScope scope) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT id, country, region FROM customers WHERE true" + scope.and("id") + " ORDER BY id")) {
        scope.bind(connection, ps, 1);
        Map<String, CustomerPlace> places = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            places.put(rs.getString(1), new CustomerPlace(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
        return places;
      }
    });
  }

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
