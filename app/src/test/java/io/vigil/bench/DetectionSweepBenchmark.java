package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.CountryResolver;
import io.vigil.activities.detection.DetectionCalendar;
import io.vigil.activities.detection.PublicHolidays;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One full usage-drop detection sweep ({@link UsageStore#findDrops}) over a synthetic portfolio:
 * 100,000 customers with 90 days of daily rollups, in an embedded PostgreSQL; then the same
 * detection in pages of customers as the sweep workflow runs it, and the roll-up step's check
 * that nothing is due. Excluded from the
 * normal build by its tag; run it with {@code bench/detection-sweep.sh}. See docs/performance.md.
 *
 * <p>Only correctness is asserted (the planted drops are found, nothing else shows a DAU drop);
 * the timings are printed, never asserted.
 */
@Tag("bench")
class DetectionSweepBenchmark {
  static final int CUSTOMERS = Integer.getInteger("vigil.bench.customers", 100_000);
  private static final int DAYS = 90;
  private static final int WARMUPS = 1;
  private static final int RUNS = Integer.getInteger("vigil.bench.runs", 5);
  /** The sweep workflow's page of customers (vigil.detection.page-size). */
  private static final int PAGE_SIZE = Integer.getInteger("vigil.bench.page-size", 5_000);
  /** Slices detected at once, as the sweep workflow's waves run them (vigil.detection.parallel-slices). */
  private static final int PARALLEL_SLICES = Integer.getInteger("vigil.bench.parallel-slices", 4);
  /** A Monday, so the recent week and the four baseline weeks each hold Tuesday..Monday. */
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

  /** Server settings for the bench; printed with the results and recorded in docs/performance.md. */
  static final Map<String, String> SERVER_CONFIG = new LinkedHashMap<>();

  static {
    // Memory and parallelism for a 2-core machine that has the database to itself.
    SERVER_CONFIG.put("shared_buffers", "512MB");
    SERVER_CONFIG.put("work_mem", "64MB");
    SERVER_CONFIG.put("maintenance_work_mem", "512MB");
    SERVER_CONFIG.put("effective_cache_size", "4GB");
    SERVER_CONFIG.put("max_worker_processes", "8");
    SERVER_CONFIG.put("max_parallel_workers", "2");
    SERVER_CONFIG.put("max_parallel_workers_per_gather", "2");
    SERVER_CONFIG.put("random_page_cost", "1.1");
    // Loading only: a throwaway cluster, so no durability and no checkpoints in the middle of the
    // load. The measured query is read-only and does not write WAL.
    SERVER_CONFIG.put("fsync", "off");
    SERVER_CONFIG.put("synchronous_commit", "off");
    SERVER_CONFIG.put("full_page_writes", "off");
    SERVER_CONFIG.put("max_wal_size", "8GB");
    SERVER_CONFIG.put("checkpoint_timeout", "30min");
    // The bench runs VACUUM ANALYZE itself; nothing should start in the background while timing.
    SERVER_CONFIG.put("autovacuum", "off");
    SERVER_CONFIG.put("listen_addresses", "127.0.0.1");
  }

  /**
   * A directory: every statement after the load is logged there with its plan, as run (auto_explain:
   * EXPLAIN ANALYZE, BUFFERS), to see where the time goes. Timings then include the plans' cost.
   */
  static final String EXPLAIN_TO = System.getProperty("vigil.bench.explain-to");

  /** An embedded server with the bench's settings, and auto_explain's logging when {@link #EXPLAIN_TO} is set. */
  static EmbeddedPostgres.Builder server() throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(Files.createTempDirectory("vigil-bench-pg"))
        .setCleanDataDirectory(true);
    SERVER_CONFIG.forEach(builder::setServerConfig);
    if (EXPLAIN_TO != null) {
      Files.createDirectories(Path.of(EXPLAIN_TO));
      builder.setServerConfig("shared_preload_libraries", "auto_explain");
      builder.setServerConfig("logging_collector", "on");
      builder.setServerConfig("log_directory", Path.of(EXPLAIN_TO).toAbsolutePath().toString());
      builder.setServerConfig("log_filename", "postgresql.log");
    }
    return builder;
  }

  /** From here on, with {@link #EXPLAIN_TO} set, every statement's plan as run goes to the log. */
  static void explainFromHere(DataSource dataSource) throws SQLException {
    if (EXPLAIN_TO != null) {
      execute(dataSource, "ALTER SYSTEM SET auto_explain.log_min_duration = 0",
          "ALTER SYSTEM SET auto_explain.log_analyze = on", "ALTER SYSTEM SET auto_explain.log_buffers = on",
          "ALTER SYSTEM SET auto_explain.log_nested_statements = on", "SELECT pg_reload_conf()");
      System.out.println("  plans of every statement from here on: " + EXPLAIN_TO + "/postgresql.log");
    }
  }

  @Test
  void detectionSweep() throws Exception {
    try (EmbeddedPostgres postgres = server().start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

      long generateStart = System.nanoTime();
      generate(dataSource);
      double generateSeconds = seconds(System.nanoTime() - generateStart);
      long vacuumStart = System.nanoTime();
      execute(dataSource, "VACUUM ANALYZE", "CHECKPOINT");
      double vacuumSeconds = seconds(System.nanoTime() - vacuumStart);
      explainFromHere(dataSource);

      UsageStore store = new UsageStore(new Sql(dataSource));
      List<DetectedDrop> reference = null;
      List<Double> timings = new ArrayList<>();
      List<Double> withoutHolidays = new ArrayList<>();
      List<Double> floor = new ArrayList<>();
      for (int run = 0; run < WARMUPS + RUNS; run++) {
        long floorStart = System.nanoTime();
        scanWindow(dataSource);
        if (run >= WARMUPS) {
          floor.add(seconds(System.nanoTime() - floorStart));
        }
        // interleaved with the same query given no holidays at all, so that a changing load on the
        // machine weighs on both alike: the difference is what the customers' calendars cost
        long plainStart = System.nanoTime();
        store.findDrops(AS_OF, 4, null, HolidayDays.NONE, 30.0, 3, 10);
        double plain = seconds(System.nanoTime() - plainStart);
        if (run >= WARMUPS) {
          withoutHolidays.add(plain);
        }
        long start = System.nanoTime();
        List<DetectedDrop> drops = store.findDrops(AS_OF, 4, null, holidays(store, CustomerScope.all()), 30.0, 3, 10);
        double elapsed = seconds(System.nanoTime() - start);
        if (reference == null) {
          reference = drops;
        } else {
          assertThat(drops).as("every sweep answers the same rows").isEqualTo(reference);
        }
        if (run >= WARMUPS) {
          timings.add(elapsed);
        }
        System.out.printf("  sweep %s: %.3f s, %d rows (without holidays: %.3f s)%n",
            run < WARMUPS ? "warm-up" : "run " + (run - WARMUPS + 1), elapsed, drops.size(), plain);
      }

      // The sweep workflow's detection: the same query page by page of customer ids, as detectPage runs it.
      List<Double> pagedTimings = new ArrayList<>();
      int pages = 0;
      for (int run = 0; run < WARMUPS + RUNS; run++) {
        long start = System.nanoTime();
        List<DetectedDrop> drops = new ArrayList<>();
        String cursor = null;
        pages = 0;
        while (true) {
          List<String> page = store.customerIdsAfter(cursor, PAGE_SIZE);
          if (page.isEmpty()) {
            break;
          }
          String upTo = page.get(page.size() - 1);
          CustomerScope scope = CustomerScope.range(cursor, upTo);
          drops.addAll(store.scanDrops(AS_OF, 4, scope, holidays(store, scope), 30.0, 3, 10).drops());
          cursor = upTo;
          pages++;
        }
        double elapsed = seconds(System.nanoTime() - start);
        assertThat(drops).as("the pages answer what one sweep answers").isEqualTo(reference);
        if (run >= WARMUPS) {
          pagedTimings.add(elapsed);
        }
        System.out.printf("  paged sweep %s: %.3f s, %d pages of %,d, %d rows%n",
            run < WARMUPS ? "warm-up" : "run " + (run - WARMUPS + 1), elapsed, pages, PAGE_SIZE, drops.size());
      }

      // The sweep workflow's detection since slices: the slices' pages, PARALLEL_SLICES slices at once,
      // as the workers' activities run a wave (each on its own connection).
      List<Double> slicedTimings = new ArrayList<>();
      List<String> bounds = store.sliceBounds(PAGE_SIZE);
      java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(PARALLEL_SLICES);
      try {
        for (int run = 0; run < WARMUPS + RUNS; run++) {
          long start = System.nanoTime();
          List<java.util.concurrent.Future<List<DetectedDrop>>> slices = new ArrayList<>();
          for (int i = 0; i <= bounds.size(); i++) {
            String after = i == 0 ? null : bounds.get(i - 1);
            String through = i == bounds.size() ? null : bounds.get(i);
            slices.add(workers.submit(() -> detectSlice(store, after, through)));
          }
          List<DetectedDrop> drops = new ArrayList<>();
          for (var slice : slices) {
            drops.addAll(slice.get());
          }
          double elapsed = seconds(System.nanoTime() - start);
          assertThat(drops).as("the slices answer what one sweep answers").containsExactlyInAnyOrderElementsOf(reference);
          if (run >= WARMUPS) {
            slicedTimings.add(elapsed);
          }
          System.out.printf("  sliced sweep %s: %.3f s, %d slices of %,d, %d at once, %d rows%n",
              run < WARMUPS ? "warm-up" : "run " + (run - WARMUPS + 1), elapsed, bounds.size() + 1, PAGE_SIZE,
              PARALLEL_SLICES, drops.size());
        }
      } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      } finally {
        workers.shutdownNow();
      }

      // The roll-up step's planning when every rollup is fresh: what it costs a sweep to learn nothing is due.
      List<Double> planTimings = new ArrayList<>();
      for (int run = 0; run < WARMUPS + RUNS; run++) {
        long start = System.nanoTime();
        UsageStore.RollupPlan plan = store.rollupNeeds(AS_OF.minusDays(34), AS_OF, CustomerScope.all());
        double elapsed = seconds(System.nanoTime() - start);
        assertThat(plan.needs()).as("nothing is due in generated rollups").isEmpty();
        if (run >= WARMUPS) {
          planTimings.add(elapsed);
        }
      }

      // What keeping the windows (V360's triggers) costs the daily roll-up: one day's rollups of every
      // customer written again as rollUpCustomers writes them, with the windows' triggers and without.
      List<Double> dayWithWindows = new ArrayList<>();
      List<Double> dayWithoutWindows = new ArrayList<>();
      for (int run = 0; run < WARMUPS + RUNS; run++) {
        double with = rewriteDay(dataSource, true);
        double without = rewriteDay(dataSource, false);
        if (run >= WARMUPS) {
          dayWithWindows.add(with);
          dayWithoutWindows.add(without);
        }
      }

      report(dataSource, postgres.getPort(), generateSeconds, vacuumSeconds, timings, reference);
      System.out.printf("floor: a bare scan of the window's rows of both rollup tables, interleaved with the sweep: %s%n",
          summary(floor));
      System.out.printf("sweep / floor (medians): %.1fx%n", median(timings) / median(floor));
      System.out.printf("the same sweep without any holidays, interleaved with it: %s%n", summary(withoutHolidays));
      System.out.printf("paged sweep (the workflow's detectPage, %d pages of %,d customers): %s%n", pages, PAGE_SIZE,
          summary(pagedTimings));
      System.out.printf("sliced sweep (the workflow's slices, %d of %,d customers, %d at once): %s%n", bounds.size() + 1,
          PAGE_SIZE, PARALLEL_SLICES, summary(slicedTimings));
      System.out.printf("sliced sweep / floor (medians): %.1fx%n", median(slicedTimings) / median(floor));
      System.out.printf("roll-up planning over all customers, nothing due (rollupNeeds): %s%n", summary(planTimings));
      System.out.printf("one day's rollups of every customer written again, every row changed, windows kept (their triggers): %s%n",
          summary(dayWithWindows));
      System.out.printf("the same without the windows' triggers, interleaved: %s%n", summary(dayWithoutWindows));
      System.out.printf("keeping the windows adds (medians): %.2f s to a day's roll-up writes (%.1fx)%n%n",
          median(dayWithWindows) - median(dayWithoutWindows), median(dayWithWindows) / median(dayWithoutWindows));
      check(dataSource, reference);
    }
  }

  /** One slice's customers page by page, as the sweep's detectSlice step reads them. */
  private static List<DetectedDrop> detectSlice(UsageStore store, String after, String through) {
    List<DetectedDrop> drops = new ArrayList<>();
    String cursor = after;
    while (true) {
      List<String> page = store.customerIdsBetween(cursor, through, PAGE_SIZE);
      if (page.isEmpty()) {
        return drops;
      }
      String upTo = page.get(page.size() - 1);
      CustomerScope scope = CustomerScope.range(cursor, upTo);
      drops.addAll(store.scanDrops(AS_OF, 4, scope, holidays(store, scope), 30.0, 3, 10).drops());
      if (page.size() < PAGE_SIZE) {
        return drops;
      }
      cursor = upTo;
    }
  }

  /**
   * The customers' public holidays in the window, as a sweep page computes them (their countries
   * read, the calendars asked): the regions map to US, GB, JP and BR, so a quarter of the customers
   * have Juneteenth (2025-06-19) off and Brazil's have Corpus Christi the same day.
   */
  private static HolidayDays holidays(UsageStore store, CustomerScope scope) {
    return CALENDAR.window(store.places(scope).values(), AS_OF.minusDays(34), AS_OF).days();
  }

  private static final DetectionCalendar CALENDAR = new DetectionCalendar(List.of(),
      new CountryResolver("NA=US;EMEA=GB;APAC=JP;LATAM=BR", "US"), new PublicHolidays("all"));

  // --- data generation: set-based SQL only --------------------------------------------------

  static void generate(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      withoutTriggers(c);
      timed(c, "setseed", """
          SELECT setseed(0.20250630)""");
      timed(c, "users", """
          INSERT INTO users (id, name, email, role)
          VALUES ('csm-bench', 'Bench CSM', 'csm-bench@vigil.example', 'csm')""");
      // One row per customer with the knobs of its synthetic usage: size, trend, planted drop
      // (~2% of customers lose 35%..90% of their activity in the last 7 days), two features.
      timed(c, "profile", """
          CREATE UNLOGGED TABLE bench_profile AS
          SELECT 'cust-' || lpad(i::text, 6, '0') AS customer_id, i, segment,
                 CASE segment WHEN 'enterprise' THEN 150 + floor(random() * 850)
                              WHEN 'mid-market' THEN 30 + floor(random() * 120)
                              ELSE 5 + floor(random() * 35) END::int AS base_users,
                 (random() - 0.5) * 0.002 AS trend,
                 CASE WHEN random() < 0.02 THEN 0.35 + random() * 0.55 END AS drop_fraction,
                 (ARRAY['reports','dashboards','exports','alerts','integrations','api'])[1 + i %% 6] AS feature_a,
                 (ARRAY['reports','dashboards','exports','alerts','integrations','api'])[1 + (i + 3) %% 6] AS feature_b
          FROM (SELECT i, CASE WHEN i %% 20 = 0 THEN 'enterprise' WHEN i %% 4 = 0 THEN 'mid-market' ELSE 'smb' END AS segment
                FROM generate_series(1, %d) AS i) s""".formatted(CUSTOMERS));
      timed(c, "customers", """
          INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, product_name, timezone)
          SELECT customer_id, 'Customer ' || i, round((base_users * (800 + random() * 700))::numeric, 2), segment,
                 (ARRAY['NA','EMEA','APAC','LATAM'])[1 + i % 4], 'csm-bench', 'Champion ' || i,
                 'champion' || i || '@customer' || i || '.example', 'Vigil Cloud', 'UTC'
          FROM bench_profile ORDER BY customer_id""");
      // Daily rollups: weekday rhythm (Fri lighter, weekends ~20%), +-10% daily noise, a small
      // per-customer trend, and the planted drop over the last 7 days (wau/mau follow it gradually).
      // The LATERAL keeps the day outermost, so rows arrive in primary-key order.
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, sessions, events)
          SELECT customer_id, day, dau, wau, mau,
                 round(dau * (1.2 + 0.5 * random()))::int, round(dau * 0.9)::int, round(wau * 0.9)::int,
                 round(dau * (1.8 + 0.8 * random()))::int, round(dau * (20 + 20 * random()))::int
          FROM (
            SELECT customer_id, day,
                   round(base_users * 0.6 * rhythm * level * (1 - drop_now) * (0.9 + 0.2 * random()))::int AS dau,
                   round(base_users * 0.85 * level * (1 - drop_now * least(into_drop, 7) / 7.0) * (0.97 + 0.06 * random()))::int AS wau,
                   round(base_users * level * (1 - drop_now * least(into_drop, 30) / 60.0) * (0.98 + 0.04 * random()))::int AS mau
            FROM (
              SELECT x.customer_id, x.day, x.base_users,
                     1 + x.trend * (x.day - CAST(? AS date)) AS level,
                     CASE extract(isodow FROM x.day) WHEN 1 THEN 0.95 WHEN 5 THEN 0.85 WHEN 6 THEN 0.2 WHEN 7 THEN 0.15 ELSE 1.0 END AS rhythm,
                     CASE WHEN x.drop_fraction IS NOT NULL AND x.day > CAST(? AS date) - 7 THEN x.drop_fraction ELSE 0 END AS drop_now,
                     x.day - (CAST(? AS date) - 7) AS into_drop
              FROM generate_series(0, %d) AS k
              CROSS JOIN LATERAL (
                SELECT p.customer_id, p.base_users, p.trend, p.drop_fraction, CAST(? AS date) - %d + k AS day
                FROM bench_profile p) x) shaped) daily""".formatted(DAYS - 1, DAYS - 1))) {
        for (int i = 1; i <= 4; i++) {
          ps.setObject(i, AS_OF);
        }
        timed("usage_metrics", ps);
      }
      // Feature rollups: two features per customer, weekdays only, the same drop.
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users)
          SELECT customer_id, day, feature_id, uses, greatest(1, round(uses * (0.3 + 0.3 * random())))::int
          FROM (
            SELECT x.customer_id, x.day, f.feature_id,
                   greatest(1, round(x.base_users * f.share * (1 + x.trend * (x.day - CAST(? AS date)))
                     * CASE WHEN x.drop_fraction IS NOT NULL AND x.day > CAST(? AS date) - 7 THEN 1 - x.drop_fraction ELSE 1 END
                     * (0.8 + 0.4 * random())))::int AS uses
            FROM generate_series(0, %d) AS k
            CROSS JOIN LATERAL (
              SELECT p.customer_id, p.base_users, p.trend, p.drop_fraction, p.feature_a, p.feature_b,
                     CAST(? AS date) - %d + k AS day
              FROM bench_profile p) x
            CROSS JOIN LATERAL (VALUES (x.feature_a, 0.5), (x.feature_b, 0.2)) AS f(feature_id, share)
            WHERE extract(isodow FROM x.day) < 6) used""".formatted(DAYS - 1, DAYS - 1))) {
        for (int i = 1; i <= 3; i++) {
          ps.setObject(i, AS_OF);
        }
        timed("feature_usage_metrics", ps);
      }
      // The load bypassed the triggers that keep the detection's windows (V360), so they are built once here.
      timed(c, "usage_windows", "SELECT usage_windows_rebuild()");
    }
  }

  /**
   * The load skips the tables' triggers (V170's, which drop the stored segment medians of the days a
   * statement changed, would first hold the 9 M new rows to learn their days): nothing is stored yet.
   * V360's windows are then built from the loaded rollups in one statement ({@code usage_windows_rebuild}).
   */
  /**
   * Writes the evaluated day's rollups of every customer again, as {@code UsageStore.rollUpCustomers}
   * writes a day in which every row changed: the usage rows and the feature rows updated in place
   * (it upserts both; a feature row that did not change is left alone, so this is the worst case).
   * Timed in a transaction that is rolled back, so every run writes the same rows; {@code windows}
   * false disables the windows' triggers (in the same transaction) and leaves the other tables' on.
   */
  private static double rewriteDay(DataSource dataSource, boolean windows) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        if (!windows) {
          st.execute("ALTER TABLE usage_metrics DISABLE TRIGGER usage_windows_updated");
          st.execute("ALTER TABLE feature_usage_metrics DISABLE TRIGGER feature_usage_windows_updated");
        }
        String day = "DATE '" + AS_OF + "'";
        long start = System.nanoTime();
        st.executeUpdate("UPDATE usage_metrics SET dau = dau WHERE metric_date = " + day);
        st.executeUpdate("UPDATE feature_usage_metrics SET uses = uses + 1 WHERE metric_date = " + day);
        return seconds(System.nanoTime() - start);
      } finally {
        c.rollback();
      }
    }
  }

  static void withoutTriggers(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("SET session_replication_role = replica");
    }
  }

  static void timed(Connection c, String label, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      long start = System.nanoTime();
      st.execute(sql);
      System.out.printf("  generate %-22s %6.1f s%n", label, seconds(System.nanoTime() - start));
    }
  }

  private static void timed(String label, PreparedStatement ps) throws SQLException {
    long start = System.nanoTime();
    int rows = ps.executeUpdate();
    System.out.printf("  generate %-22s %6.1f s (%,d rows)%n", label, seconds(System.nanoTime() - start), rows);
  }

  // --- correctness ----------------------------------------------------------------------------

  private static void check(DataSource dataSource, List<DetectedDrop> drops) throws SQLException {
    Set<String> planted = new HashSet<>(strings(dataSource,
        "SELECT customer_id FROM bench_profile WHERE drop_fraction IS NOT NULL"));
    Set<String> dauDrops = drops.stream().filter(d -> d.metricType().equals("dau"))
        .map(DetectedDrop::customerId).collect(Collectors.toSet());
    Set<String> anyDrop = drops.stream().map(DetectedDrop::customerId).collect(Collectors.toSet());
    long plantedFound = planted.stream().filter(dauDrops::contains).count();
    Set<String> falseDau = new HashSet<>(dauDrops);
    falseDau.removeAll(planted);
    Set<String> otherFlagged = new HashSet<>(anyDrop);
    otherFlagged.removeAll(planted);
    System.out.printf("  planted drops: %,d customers; found with a dau drop: %,d (%.1f%%); "
            + "customers without a planted drop flagged: dau %d, any metric %d%n",
        planted.size(), plantedFound, 100.0 * plantedFound / Math.max(1, planted.size()),
        falseDau.size(), otherFlagged.size());

    assertThat(planted).as("planted drops").hasSizeGreaterThan(CUSTOMERS / 100);
    assertThat(falseDau).as("customers with a dau drop but no planted drop").isEmpty();
    assertThat(plantedFound).as("planted customers found with a dau drop")
        .isGreaterThanOrEqualTo((long) Math.ceil(0.9 * planted.size()));
  }

  // --- report ---------------------------------------------------------------------------------

  private static void report(DataSource dataSource, int port, double generateSeconds, double vacuumSeconds,
      List<Double> timings, List<DetectedDrop> drops) throws SQLException, IOException {
    double[] sorted = timings.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    Map<String, Long> byMetric = drops.stream()
        .collect(Collectors.groupingBy(DetectedDrop::metricType, TreeMap::new, Collectors.counting()));

    StringBuilder out = new StringBuilder("\n=== Detection sweep benchmark ===\n");
    out.append(String.format("data: %,d customers x %d days; usage_metrics %,d rows, feature_usage_metrics %,d rows%n",
        CUSTOMERS, DAYS, count(dataSource, "usage_metrics"), count(dataSource, "feature_usage_metrics")));
    out.append(String.format("data generation: %.1f s (+ VACUUM ANALYZE and CHECKPOINT %.1f s)%n",
        generateSeconds, vacuumSeconds));
    out.append(String.format("sweep findDrops(asOf=%s, 4 weeks, all customers, their countries' holidays, >30%%, 3 users, 10 uses):%n", AS_OF));
    out.append(String.format("  %d measured runs after %d warm-up: min %.3f s, median %.3f s, max %.3f s (all: %s)%n",
        sorted.length, WARMUPS, sorted[0], median, sorted[sorted.length - 1],
        timings.stream().map(t -> String.format("%.3f", t)).collect(Collectors.joining(", "))));
    out.append(String.format("  rows returned: %,d (%s), customers: %,d%n", drops.size(), byMetric,
        drops.stream().map(DetectedDrop::customerId).distinct().count()));
    out.append(String.format("machine: %d CPUs (%s), %s RAM, load average at the end %s%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(), loadAverage()));
    out.append(String.format("java: %s (%s), max heap %d MB%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20));
    out.append(String.format("postgres: %s (port %d)%n", strings(dataSource, "SELECT version()").get(0), port));
    out.append(String.format("  settings: %s%n", strings(dataSource, """
        SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
        WHERE name IN ('shared_buffers','work_mem','maintenance_work_mem','effective_cache_size',
          'max_parallel_workers_per_gather','max_parallel_workers','max_worker_processes','random_page_cost',
          'jit','fsync','synchronous_commit','autovacuum','lc_collate')""").get(0)));
    out.append(String.format("  pg_jit_available(): %s%n",
        strings(dataSource, "SELECT pg_jit_available()").get(0)));
    out.append(String.format("  sizes: usage_metrics %s, feature_usage_metrics %s, usage_windows %s (%,d rows), "
            + "feature_usage_windows %s (%,d rows) (tables with indexes)%n",
        strings(dataSource, "SELECT pg_size_pretty(pg_total_relation_size('usage_metrics'))").get(0),
        strings(dataSource, "SELECT pg_size_pretty(pg_total_relation_size('feature_usage_metrics'))").get(0),
        strings(dataSource, "SELECT pg_size_pretty(pg_total_relation_size('usage_windows'))").get(0),
        count(dataSource, "usage_windows"),
        strings(dataSource, "SELECT pg_size_pretty(pg_total_relation_size('feature_usage_windows'))").get(0),
        count(dataSource, "feature_usage_windows")));
    System.out.println(out);
  }

  /**
   * The floor a sweep is measured against: every rollup row of the 35 days it reads (the 4 baseline
   * weeks and the recent week), of both tables, read and summed and nothing else.
   */
  static void scanWindow(DataSource dataSource) throws SQLException {
    String window = "metric_date BETWEEN DATE '" + AS_OF.minusDays(34) + "' AND DATE '" + AS_OF + "'";
    strings(dataSource, "SELECT count(*) + coalesce(sum(dau), 0) FROM usage_metrics WHERE " + window);
    strings(dataSource, "SELECT count(*) + coalesce(sum(uses), 0) FROM feature_usage_metrics WHERE " + window);
  }

  static double median(List<Double> timings) {
    double[] sorted = timings.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  static String summary(List<Double> timings) {
    double[] sorted = timings.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format("min %.3f s, median %.3f s, max %.3f s (all: %s)", sorted[0], median, sorted[sorted.length - 1],
        timings.stream().map(t -> String.format("%.3f", t)).collect(Collectors.joining(", ")));
  }

  private static long count(DataSource dataSource, String table) throws SQLException {
    return Long.parseLong(strings(dataSource, "SELECT count(*) FROM " + table).get(0));
  }

  private static List<String> strings(DataSource dataSource, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      for (String sql : statements) {
        st.execute(sql);
      }
    }
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.exists(cpuinfo)) {
      return System.getProperty("os.arch");
    }
    return Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(System.getProperty("os.arch"));
  }

  private static String memTotal() throws IOException {
    Path meminfo = Path.of("/proc/meminfo");
    if (!Files.exists(meminfo)) {
      return "?";
    }
    return Files.readAllLines(meminfo).stream().filter(l -> l.startsWith("MemTotal:"))
        .map(l -> String.format("%.1f GB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
        .findFirst().orElse("?");
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg)
        ? String.join(" ", Arrays.asList(Files.readString(loadavg).trim().split(" ")).subList(0, 3)) : "?";
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
