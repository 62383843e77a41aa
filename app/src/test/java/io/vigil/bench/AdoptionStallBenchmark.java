package io.vigil.bench;

import static io.vigil.bench.DetectionSweepBenchmark.AS_OF;
import static io.vigil.bench.DetectionSweepBenchmark.CUSTOMERS;
import static io.vigil.bench.DetectionSweepBenchmark.median;
import static io.vigil.bench.DetectionSweepBenchmark.seconds;
import static io.vigil.bench.DetectionSweepBenchmark.summary;
import static io.vigil.bench.DetectionSweepBenchmark.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.AdoptionInterventions;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.AdoptionStalls;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.StallRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The adoption detector of the daily sweep (PRD-090) over 100,000 customers: the adoption rollup of
 * the sweep's two days from usage events ({@link AdoptionRollups#rollUp}, what the sweep's roll-up step
 * runs) and the day's stalled features ({@link AdoptionStalls}, what the adoption step reads), each
 * against its floor measured in the same run, interleaved: a bare scan of the usage events the rollup
 * reads (the 15 days of both days' 14-day windows), and of the day's adoption rows the stall query
 * reads. Run it with {@code bench/adoption-stalls.sh}; see docs/performance.md. Only correctness is
 * asserted (every run answers the same stalls, the planted ones among them), never the time.
 */
@Tag("bench")
class AdoptionStallBenchmark {
  private static final int WARMUPS = 1;
  private static final int RUNS = Integer.getInteger("vigil.bench.runs", 5);

  @Test
  void adoptionStalls() throws Exception {
    try (EmbeddedPostgres postgres = DetectionSweepBenchmark.server().start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      long generateStart = System.nanoTime();
      generate(dataSource);
      double generateSeconds = seconds(System.nanoTime() - generateStart);
      DetectionSweepBenchmark.execute(dataSource, "VACUUM ANALYZE", "CHECKPOINT");
      DetectionSweepBenchmark.explainFromHere(dataSource);

      Sql sql = new Sql(dataSource);
      AdoptionRollups rollups = new AdoptionRollups(sql, AdoptionRules.DEFAULT,
          new AdoptionInterventions(sql, AdoptionRules.DEFAULT));
      AdoptionStalls stalls = new AdoptionStalls(sql);
      List<Double> eventFloor = new ArrayList<>();
      List<Double> rollupTimings = new ArrayList<>();
      List<Double> dayFloor = new ArrayList<>();
      List<Double> stallTimings = new ArrayList<>();
      List<StallRow> reference = null;
      long evaluated = 0;
      for (int run = 0; run < WARMUPS + RUNS; run++) {
        String load = loadAverage();
        long start = System.nanoTime();
        scanEvents(dataSource);
        double floorEvents = seconds(System.nanoTime() - start);
        start = System.nanoTime();
        AdoptionRollups.RollUp rolled = rollups.rollUp(null, AS_OF.minusDays(1), AS_OF);
        double rollup = seconds(System.nanoTime() - start);
        start = System.nanoTime();
        scanDay(dataSource);
        double floorDay = seconds(System.nanoTime() - start);
        start = System.nanoTime();
        evaluated = stalls.countEvaluated(AS_OF, null);
        List<StallRow> found = stalls.findStalls(AS_OF, null);
        double stall = seconds(System.nanoTime() - start);
        if (reference == null) {
          reference = found;
        } else {
          assertThat(found).as("every run answers the same stalls").isEqualTo(reference);
        }
        if (run >= WARMUPS) {
          eventFloor.add(floorEvents);
          rollupTimings.add(rollup);
          dayFloor.add(floorDay);
          stallTimings.add(stall);
        }
        System.out.printf("  %s: rollup of 2 days %.3f s (%,d rows, %,d stalled; floor %.3f s, %.1fx), "
                + "stalls %.3f s (%,d rows; floor %.3f s, %.1fx); load average before %s, after %s%n",
            run < WARMUPS ? "warm-up" : "run " + (run - WARMUPS + 1), rollup, rolled.rows(), rolled.stalled(),
            floorEvents, rollup / floorEvents, stall, found.size(), floorDay, stall / floorDay, load, loadAverage());
      }

      System.out.printf("%n=== Adoption stall benchmark ===%n");
      System.out.printf("data: %,d customers, usage_events %,d rows over 15 days, feature_adoption %,d rows "
              + "(generated in %.1f s)%n", CUSTOMERS, count(dataSource, "SELECT count(*) FROM usage_events"),
          count(dataSource, "SELECT count(*) FROM feature_adoption"), generateSeconds);
      System.out.printf("floor: a bare scan of the usage events of the rollup's 15 days: %s%n", summary(eventFloor));
      System.out.printf("adoption rollup of the sweep's 2 days (AdoptionRollups.rollUp, all customers): %s%n",
          summary(rollupTimings));
      System.out.printf("rollup / floor (medians): %.1fx%n", median(rollupTimings) / median(eventFloor));
      System.out.printf("floor: a bare scan of the day's feature_adoption_daily rows: %s%n", summary(dayFloor));
      System.out.printf("stall detection (AdoptionStalls.countEvaluated + findStalls, all customers): %s%n",
          summary(stallTimings));
      System.out.printf("stalls / floor (medians): %.1fx; rollup and stalls / event floor (medians): %.1fx%n",
          median(stallTimings) / median(dayFloor),
          (median(rollupTimings) + median(stallTimings)) / median(eventFloor));
      System.out.printf("machine: %d CPUs, load average at the end %s%n%n", Runtime.getRuntime().availableProcessors(),
          loadAverage());
      check(dataSource, reference, evaluated);
    }
  }

  /** Every usage event the rollup of the sweep's two days reads (its 14-day windows), counted and nothing else. */
  private static void scanEvents(DataSource dataSource) throws SQLException {
    count(dataSource, "SELECT count(*) + count(feature_id) FROM usage_events WHERE occurred_at >= TIMESTAMPTZ '"
        + AS_OF.minusDays(14) + " 00:00Z' AND occurred_at < TIMESTAMPTZ '" + AS_OF.plusDays(1) + " 00:00Z'");
  }

  /** Every adoption row of the day the stall query reads, counted and nothing else. */
  private static void scanDay(DataSource dataSource) throws SQLException {
    count(dataSource, "SELECT count(*) + count(*) FILTER (WHERE is_stalled) FROM feature_adoption_daily "
        + "WHERE metric_date = DATE '" + AS_OF + "'");
  }

  /**
   * Customers of the detection bench's shape, 2-8 users each, each using its two features on weekdays
   * at its own rate for the 15 days the rollup reads, a login most weekdays; a tenth of them with a
   * third feature activated by hand 40 days before and never used (a planted stall).
   */
  private static void generate(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      DetectionSweepBenchmark.withoutTriggers(c);
      timed(c, "setseed", "SELECT setseed(0.20250630)");
      timed(c, "users", """
          INSERT INTO users (id, name, email, role)
          VALUES ('csm-bench', 'Bench CSM', 'csm-bench@vigil.example', 'csm')""");
      timed(c, "profile", """
          CREATE UNLOGGED TABLE bench_adoption AS
          SELECT 'cust-' || lpad(i::text, 6, '0') AS customer_id, i, 2 + i %% 7 AS users, random() AS adoption,
                 CASE WHEN i %% 20 = 0 THEN 'enterprise' WHEN i %% 4 = 0 THEN 'mid-market' ELSE 'smb' END AS segment,
                 (ARRAY['reports','dashboards','exports','alerts','integrations','api'])[1 + i %% 6] AS feature_a,
                 (ARRAY['reports','dashboards','exports','alerts','integrations','api'])[1 + (i + 3) %% 6] AS feature_b
          FROM generate_series(1, %d) AS i""".formatted(CUSTOMERS));
      timed(c, "customers", """
          INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, product_name, timezone)
          SELECT customer_id, 'Customer ' || i, 10000, segment, (ARRAY['NA','EMEA','APAC','LATAM'])[1 + i % 4],
                 'csm-bench', 'Champion ' || i, 'champion' || i || '@customer' || i || '.example', 'Vigil Cloud', 'UTC'
          FROM bench_adoption ORDER BY customer_id""");
      timed(c, "catalog", """
          INSERT INTO feature_catalog (feature_id, feature_name, importance_score, expected_adoption_days)
          VALUES ('reports', 'Reports', 80, 30), ('dashboards', 'Dashboards', 70, 30), ('exports', 'Exports', 40, 21),
                 ('alerts', 'Alerts', 60, 30), ('integrations', 'Integrations', 90, 45), ('api', 'API', 50, 60)""");
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT usage_events_day_partition(d::date) FROM generate_series(CAST(? AS date) - 14, CAST(? AS date), interval '1 day') d")) {
        ps.setObject(1, AS_OF);
        ps.setObject(2, AS_OF);
        ps.execute();
      }
      // the day outermost, so each day's partition is filled in one go
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO usage_events (customer_id, user_id, event_type, feature_id, occurred_at)
          SELECT x.customer_id, 'u' || u, e.event_type, e.feature_id,
                 (x.day + time '08:00' + u * interval '7 minutes') AT TIME ZONE 'UTC'
          FROM generate_series(0, 14) AS k
          CROSS JOIN LATERAL (SELECT p.*, CAST(? AS date) - 14 + k AS day FROM bench_adoption p) x
          CROSS JOIN LATERAL generate_series(1, x.users) AS u
          CROSS JOIN LATERAL (VALUES (1, 'login', NULL, 0.7), (2, 'feature_used', x.feature_a, 0.6 * x.adoption),
                                     (3, 'feature_used', x.feature_b, 0.15 * x.adoption)) AS e (n, event_type, feature_id, chance)
          WHERE extract(isodow FROM x.day) < 6
            -- a hash of the customer, user, day and event for the chance: random() here left whole customers out
            AND (x.i::bigint * 7919 + u * 104723 + k * 1299709 + e.n * 15485863) % 1009 < e.chance * 1009""")) {
        ps.setObject(1, AS_OF);
        long start = System.nanoTime();
        int rows = ps.executeUpdate();
        System.out.printf("  generate %-22s %6.1f s (%,d rows)%n", "usage_events", seconds(System.nanoTime() - start), rows);
      }
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source,
            expected_adoption_days)
          SELECT customer_id, 'integrations', 'Integrations', (CAST(? AS date) - 40)::timestamp AT TIME ZONE 'UTC',
                 'explicit', 45
          FROM bench_adoption WHERE i % 10 = 0 AND 'integrations' NOT IN (feature_a, feature_b)""")) {
        ps.setObject(1, AS_OF);
        long start = System.nanoTime();
        int rows = ps.executeUpdate();
        System.out.printf("  generate %-22s %6.1f s (%,d rows)%n", "explicit activations", seconds(System.nanoTime() - start), rows);
      }
    }
  }

  private static void check(DataSource dataSource, List<StallRow> stalls, long evaluated) throws SQLException {
    long planted = count(dataSource, "SELECT count(*) FROM feature_adoption WHERE activation_source = 'explicit'");
    long plantedFound = stalls.stream()
        .filter(s -> s.featureId().equals("integrations") && "low_usage".equals(s.stallReason())
            && "not_started".equals(s.stage()))
        .count();
    System.out.printf("  customers evaluated: %,d; stalled features: %,d; planted never-used activations: %,d, "
        + "found stalled: %,d%n", evaluated, stalls.size(), planted, plantedFound);
    assertThat(evaluated).as("every customer with usage is evaluated").isGreaterThan(CUSTOMERS * 9L / 10);
    assertThat(plantedFound).as("every planted never-used activation is a low-usage stall").isEqualTo(planted);
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String loadAverage() throws java.io.IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg)
        ? String.join(" ", Arrays.asList(Files.readString(loadavg).trim().split(" ")).subList(0, 3)) : "?";
  }
}
