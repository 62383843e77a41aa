package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Usage events in, daily rollups out, and the detection over the rollups' maintained windows (V360). */
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
   * rollups that already exist leaves its mark on the day after {@code to}. A row whose figures are
   * unchanged is not written again (nor, through the triggers, its element of the detection's
   * windows), so its {@code calculated_at} is when its figures last changed. Answers the rows
   * calculated, written or not.
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
          custs AS (SELECT id AS customer_id FROM customers WHERE true%s),
          computed AS (
          SELECT c.customer_id, days.d AS metric_date,
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
          GROUP BY c.customer_id, days.d),
          written AS (
            INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, sessions, events)
            SELECT * FROM computed
            ON CONFLICT (metric_date, customer_id) DO UPDATE SET dau = EXCLUDED.dau, wau = EXCLUDED.wau,
              mau = EXCLUDED.mau, logins = EXCLUDED.logins, login_users = EXCLUDED.login_users,
              login_wau = EXCLUDED.login_wau, sessions = EXCLUDED.sessions, events = EXCLUDED.events,
              calculated_at = now()
            WHERE (usage_metrics.dau, usage_metrics.wau, usage_metrics.mau, usage_metrics.logins,
                   usage_metrics.login_users, usage_metrics.login_wau, usage_metrics.sessions, usage_metrics.events)
              IS DISTINCT FROM (EXCLUDED.dau, EXCLUDED.wau, EXCLUDED.mau, EXCLUDED.logins,
                   EXCLUDED.login_users, EXCLUDED.login_wau, EXCLUDED.sessions, EXCLUDED.events)
            RETURNING 1)
          SELECT count(*) FROM computed""".formatted(scope.and("customer_id"), scope.and("id")))) {
        bindDaysAndScopeTwice(connection, ps, scope, from, to);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          rows = rs.getInt(1);
        }
      }
      // The day's feature rows upserted, and only those whose feature has no event left deleted: a row
      // rewritten by a delete and an insert would set its element of the windows (V361) twice.
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH fresh AS (
            SELECT customer_id, (occurred_at AT TIME ZONE 'UTC')::date AS metric_date, feature_id,
                   count(*)::int AS uses, count(DISTINCT user_id)::int AS users
            FROM usage_events
            WHERE event_type = 'feature_used' AND feature_id IS NOT NULL
              AND occurred_at >= CAST(? AS date) AND occurred_at < (CAST(? AS date) + 1)%s
            GROUP BY 1, 2, 3),
          written AS (
            INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users)
            SELECT customer_id, metric_date, feature_id, uses, users FROM fresh
            ON CONFLICT (metric_date, customer_id, feature_id) DO UPDATE SET uses = EXCLUDED.uses, users = EXCLUDED.users
            WHERE (feature_usage_metrics.uses, feature_usage_metrics.users) IS DISTINCT FROM (EXCLUDED.uses, EXCLUDED.users)
            RETURNING 1)
          DELETE FROM feature_usage_metrics f
          WHERE f.metric_date BETWEEN ? AND ?%s
            AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.customer_id = f.customer_id
                              AND fresh.metric_date = f.metric_date AND fresh.feature_id = f.feature_id)"""
          .formatted(scope.and("customer_id"), scope.and("f.customer_id")))) {
        bindDaysAndScopeTwice(connection, ps, scope, from, to);
        ps.executeUpdate();
      }
      return rows;
    });
  }

  /** The roll-up statements' parameters: the days and the scope, once for what they read and once for what they write. */
  private static void bindDaysAndScopeTwice(Connection connection, PreparedStatement ps, CustomerScope scope,
      LocalDate from, LocalDate to) throws SQLException {
    int i = 1;
    for (int twice = 0; twice < 2; twice++) {
      ps.setDate(i++, Date.valueOf(from));
      ps.setDate(i++, Date.valueOf(to));
      i = scope.bind(connection, ps, i);
    }
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
   * The detection: for every customer in {@code scope}, the recent window against the
   * {@code baselineWeeks} whole weeks before it, so both sides hold the same mix of weekdays. DAU
   * compares the evaluated day with the same weekday of the baseline weeks (and reports the 7-day
   * average's drop beside it), WAU and login frequency the week ending on the evaluated day, MAU
   * the 30 days ending then with the 30 days ending {@code baselineWeeks} weeks earlier, feature
   * usage the week's uses with the baseline's weekly average. Holidays (everyone's, and each
   * customer's own) are left out of the daily figures. A customer is evaluated only with a rollup for the evaluated day and a full baseline
   * ({@link DropScan#NOT_ENOUGH_HISTORY} otherwise), and a baseline of at least the minimum users
   * or feature uses somewhere ({@link DropScan#BASELINE_TOO_SMALL} otherwise). Answers the drops
   * larger than {@code minPercent} and the customers not evaluated, with why. Reads the scope's
   * windows ({@code usage_windows}, {@code feature_usage_windows}: {@link UsageWindows}) and works out
   * each customer's figures in Java ({@link DropArithmetic}), exactly as the single SQL statement over
   * the rollup rows did until issue 12 (kept in the tests as the reference). docs/detection.md says more.
   */
  public DropScan scanDrops(
      LocalDate asOf, int baselineWeeks, CustomerScope scope, HolidayDays holidays,
      double minPercent, double minBaselineUsers, double minBaselineFeatureUses) {
    DropArithmetic arithmetic = new DropArithmetic(asOf, baselineWeeks, minPercent, minBaselineUsers,
        minBaselineFeatureUses);
    Map<String, Set<LocalDate>> ownDaysOff = new java.util.HashMap<>();
    for (int i = 0; i < holidays.customerIds().size(); i++) {
      ownDaysOff.computeIfAbsent(holidays.customerIds().get(i), id -> new HashSet<>()).add(holidays.days().get(i));
    }
    Set<LocalDate> everyone = Set.copyOf(holidays.everyone());
    return sql.inTransaction(connection -> {
      List<DetectedDrop> drops = new ArrayList<>();
      Map<String, String> skipped = new LinkedHashMap<>();
      UsageWindows.Read read = UsageWindows.read(connection, scope, arithmetic.windowStart(), asOf);
      for (DropArithmetic.Account account : read.accounts()) {
        Set<LocalDate> daysOff = everyone;
        Set<LocalDate> own = ownDaysOff.get(account.id());
        if (own != null) {
          daysOff = new HashSet<>(everyone);
          daysOff.addAll(own);
        }
        DropArithmetic.Verdict verdict = arithmetic.judge(account, read.window(account.id()), daysOff);
        if (verdict.skipReason() != null) {
          skipped.put(account.id(), verdict.skipReason());
        }
        drops.addAll(verdict.drops());
      }
      return new DropScan(drops, skipped);
    });
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
