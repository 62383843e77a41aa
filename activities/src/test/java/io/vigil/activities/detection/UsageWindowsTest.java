package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detection's windows (migrations V360, V395: usage_windows, feature_usage_windows, each day of a
 * block 4 bytes, -1 without a rollup, written here as the recomputation's int4send) equal, after every
 * kind of write to the rollups, the windows recomputed from the rollups themselves: the roll-up of
 * events (rows inserted, then updated in place, feature rows deleted and inserted again), rows
 * inserted, updated, moved to another day and deleted directly (seeding, tests), and tables emptied.
 */
class UsageWindowsTest {
  private static TestDatabase db;
  private static UsageStore usage;

  @BeforeAll
  static void startDatabase() {
    db = new TestDatabase();
    usage = new UsageStore(new Sql(db.dataSource()));
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void cleanSlate() {
    db.resetUsage();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : List.of("a", "b", "c")) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
          + id + "', '" + id + "', 1000, 'smb', 'na', 'sarah', 'Jo', 'jo@example.com')");
    }
  }

  @Test
  void afterRollingUpEventsAndRollingUpAgain_theWindowsAreTheRollups() {
    Random random = new Random(7);
    usage.insertEvents(events(random, "e1-", LocalDate.of(2026, 10, 1), 60));
    usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 29));
    assertWindowsAreTheRollups();
    assertThat(count("usage_windows")).isGreaterThanOrEqualTo(3 * 3);
    assertThat(count("feature_usage_windows")).isGreaterThan(0);

    // late events over three blocks, rolled up again: rows updated in place, feature rows replaced
    usage.insertEvents(events(random, "e2-", LocalDate.of(2026, 10, 20), 30));
    usage.rollUpCustomers(CustomerScope.of("b"), LocalDate.of(2026, 10, 20), LocalDate.of(2026, 11, 18));
    assertWindowsAreTheRollups();
    usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 11, 15), LocalDate.of(2026, 12, 3));
    assertWindowsAreTheRollups();

    // a feature's events gone (deleted on request, say) and rolled up again: its rows go, and the windows' elements
    assertThat(count("feature_usage_metrics WHERE customer_id = 'a' AND feature_id = 'reports'")).isPositive();
    db.execute("DELETE FROM usage_events WHERE customer_id = 'a' AND feature_id = 'reports'");
    usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 12, 3));
    assertThat(count("feature_usage_metrics WHERE customer_id = 'a' AND feature_id = 'reports'")).isZero();
    assertThat(count("feature_usage_metrics WHERE customer_id = 'a' AND feature_id = 'exports'")).isPositive();
    assertWindowsAreTheRollups();
  }

  @Test
  void rollingUpUnchangedEventsAgain_rewritesNoRollupRow_andAnswersTheSameCount() {
    Random random = new Random(11);
    usage.insertEvents(events(random, "e1-", LocalDate.of(2026, 10, 1), 40));
    int first = usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 9));
    List<String> before = rowVersions();

    int again = usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 9));

    assertThat(again).as("rows calculated, written or not").isEqualTo(first).isEqualTo(3 * 40);
    assertThat(rowVersions()).as("no rollup or window row rewritten").isEqualTo(before);

    // one late login of a new user changes customer b's day and the wau/mau after it: only b's rows are written
    usage.insertEvents(List.of(new UsageEventRow("late-1", "b", "someone-new", "login", null,
        Instant.parse("2026-10-15T09:00:00Z"))));
    usage.rollUpCustomers(CustomerScope.all(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 9));
    List<String> changed = new ArrayList<>(rowVersions());
    changed.removeAll(before);
    assertThat(changed).isNotEmpty()
        .allMatch(row -> row.startsWith("usage_metrics b ") || row.startsWith("usage_windows b "));
    assertWindowsAreTheRollups();
  }

  /** Each rollup and window row with its row version (xmin): a rewritten row gets a new one. */
  private static List<String> rowVersions() {
    return db.query("SELECT 'usage_metrics ' || customer_id || ' ' || metric_date || ' ' || xmin::text FROM usage_metrics"
        + " UNION ALL SELECT 'feature_usage_metrics ' || customer_id || ' ' || metric_date || ' ' || feature_id || ' '"
        + " || xmin::text FROM feature_usage_metrics"
        + " UNION ALL SELECT 'usage_windows ' || customer_id || ' ' || block_start || ' ' || xmin::text FROM usage_windows"
        + " UNION ALL SELECT 'feature_usage_windows ' || customer_id || ' ' || block_start || ' ' || feature_id || ' '"
        + " || xmin::text FROM feature_usage_windows ORDER BY 1");
  }

  @Test
  void afterRowsWrittenMovedAndDeletedDirectly_theWindowsAreTheRollups() {
    db.execute("""
        INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, sessions, events)
        SELECT c, d::date, (random() * 50)::int, 60, 70, 3, (random() * 20)::int, 30, 4, 5
        FROM unnest(ARRAY['a', 'b', 'c']) c, generate_series(DATE '2026-09-01', DATE '2026-11-30', interval '1 day') d
        WHERE random() < 0.9""");
    db.execute("""
        INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users)
        SELECT c, d::date, f, (random() * 30)::int, 2
        FROM unnest(ARRAY['a', 'b']) c, unnest(ARRAY['reports', 'exports']) f,
             generate_series(DATE '2026-09-01', DATE '2026-11-30', interval '1 day') d
        WHERE random() < 0.7""");
    assertWindowsAreTheRollups();

    db.execute("UPDATE usage_metrics SET dau = dau + 1, login_wau = 0 WHERE metric_date BETWEEN '2026-10-10' AND '2026-11-02'");
    db.execute("UPDATE feature_usage_metrics SET uses = uses * 2 WHERE customer_id = 'a'");
    assertWindowsAreTheRollups();

    // moved: to a day without a row (into another block), and to another customer
    db.execute("DELETE FROM usage_metrics WHERE customer_id = 'a' AND metric_date = '2026-12-05'");
    db.execute("UPDATE usage_metrics SET metric_date = '2026-12-05' WHERE customer_id = 'a' AND metric_date = '2026-11-20'");
    db.execute("DELETE FROM feature_usage_metrics WHERE customer_id = 'c'");
    db.execute("UPDATE feature_usage_metrics SET customer_id = 'c' WHERE customer_id = 'b' AND feature_id = 'reports'");
    assertWindowsAreTheRollups();

    db.execute("DELETE FROM usage_metrics WHERE customer_id = 'b' AND metric_date > '2026-10-15'");
    db.execute("DELETE FROM feature_usage_metrics WHERE metric_date < '2026-10-01'");
    assertWindowsAreTheRollups();

    db.execute("TRUNCATE usage_metrics, feature_usage_metrics");
    assertThat(count("usage_windows")).isZero();
    assertThat(count("feature_usage_windows")).isZero();
  }

  @Test
  void theComparisonSeesAWrongElement() {
    db.execute("INSERT INTO usage_metrics VALUES ('a', '2026-11-02', 5, 6, 7, 1, 1, 1, 1, 1)");
    assertWindowsAreTheRollups();
    db.execute("UPDATE usage_windows SET dau = overlay(dau placing int4send(4) from 5)"); // day 2 of each block
    assertThat(differences("usage_windows", USAGE_WINDOWS)).isNotEmpty();
  }

  private static List<UsageEventRow> events(Random random, String prefix, LocalDate first, int days) {
    List<UsageEventRow> events = new ArrayList<>();
    int n = 0;
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      for (String customer : List.of("a", "b", "c")) {
        int users = customer.equals("c") && d % 9 == 0 ? 0 : 1 + random.nextInt(6);
        for (int u = 0; u < users; u++) {
          Instant at = day.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(3600L * (1 + random.nextInt(20)));
          String type = random.nextBoolean() ? "login" : "feature_used";
          events.add(new UsageEventRow(prefix + n++, customer, "u" + random.nextInt(8), type,
              type.equals("login") ? null : (random.nextBoolean() ? "reports" : "exports"), at));
        }
      }
    }
    return events;
  }

  private static long count(String table) {
    return Long.parseLong(db.query("SELECT count(*) FROM " + table).get(0));
  }

  /** The windows as the migration builds them from the rollups: what every write must leave. */
  private static final String USAGE_WINDOWS = """
      SELECT t.block_start, t.customer_id, string_agg(int4send(coalesce(c.dau, -1)), ''::bytea ORDER BY k.k) AS dau,
             string_agg(int4send(coalesce(c.wau, -1)), ''::bytea ORDER BY k.k) AS wau,
             string_agg(int4send(coalesce(c.mau, -1)), ''::bytea ORDER BY k.k) AS mau,
             string_agg(int4send(coalesce(c.login_users, -1)), ''::bytea ORDER BY k.k) AS login_users,
             string_agg(int4send(coalesce(c.login_wau, -1)), ''::bytea ORDER BY k.k) AS login_wau
      FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id FROM usage_metrics) t
      CROSS JOIN generate_series(0, 27) AS k (k)
      LEFT JOIN usage_metrics c ON c.customer_id = t.customer_id AND c.metric_date = t.block_start + k.k
      GROUP BY t.block_start, t.customer_id""";

  private static final String FEATURE_USAGE_WINDOWS = """
      SELECT t.block_start, t.customer_id, t.feature_id,
             string_agg(int4send(coalesce(c.uses, -1)), ''::bytea ORDER BY k.k) AS uses
      FROM (SELECT DISTINCT usage_window_block(metric_date) AS block_start, customer_id, feature_id
            FROM feature_usage_metrics) t
      CROSS JOIN generate_series(0, 27) AS k (k)
      LEFT JOIN feature_usage_metrics c
        ON c.customer_id = t.customer_id AND c.feature_id = t.feature_id AND c.metric_date = t.block_start + k.k
      GROUP BY t.block_start, t.customer_id, t.feature_id""";

  private static void assertWindowsAreTheRollups() {
    assertThat(differences("usage_windows", USAGE_WINDOWS)).isEmpty();
    assertThat(differences("feature_usage_windows", FEATURE_USAGE_WINDOWS)).isEmpty();
  }

  /**
   * The rows in one and not the other, both ways; a block left with no element (its rows all
   * deleted) holds nothing, as no block.
   */
  private static List<String> differences(String table, String recomputed) {
    String kept = "SELECT * FROM " + table + " w WHERE w." + (table.equals("usage_windows") ? "dau" : "uses")
        + " <> decode(repeat('ff', 4 * 28), 'hex')";
    return db.query("SELECT 'only maintained: ' || d::text FROM ((" + kept + ") EXCEPT (" + recomputed + ")) d"
        + " UNION ALL SELECT 'only recomputed: ' || d::text FROM ((" + recomputed + ") EXCEPT (" + kept + ")) d");
  }
}
