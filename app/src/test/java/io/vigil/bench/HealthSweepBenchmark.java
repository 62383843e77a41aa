package io.vigil.bench;

import static io.vigil.bench.DetectionSweepBenchmark.AS_OF;
import static io.vigil.bench.DetectionSweepBenchmark.CUSTOMERS;
import static io.vigil.bench.DetectionSweepBenchmark.seconds;
import static io.vigil.bench.DetectionSweepBenchmark.summary;
import static io.vigil.bench.DetectionSweepBenchmark.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.expansion.ExpansionRule;
import io.vigil.activities.health.HealthPlaybookTrigger;
import io.vigil.activities.health.HealthScoring;
import io.vigil.activities.health.HealthWeights;
import io.vigil.activities.risk.EscalationRule;
import io.vigil.activities.silence.SilenceRule;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.TouchpointStore;
import io.vigil.infra.persistence.AccountGrowthSource;
import io.vigil.infra.persistence.SegmentMedianStore;
import io.vigil.infra.persistence.SentimentSource;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.PlaybookSignalSource;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEngagementSource;
import io.vigil.infra.persistence.UsageStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The daily health scoring over the detection benchmark's portfolio (100,000 customers, 90 days of
 * rollups, two features each), with licensed seats, an account history from 120 days before and a
 * usage-drop risk signal for each planted drop: every customer scored page by page as the sweep's
 * health step does, stored each time. Run it with {@code bench/health-sweep.sh}; see
 * docs/performance.md. Only correctness is asserted (every customer scored, all three bands).
 */
@Tag("bench")
class HealthSweepBenchmark {
  private static final int RUNS = Integer.getInteger("vigil.bench.runs", 3);
  private static final int PAGE_SIZE = Integer.getInteger("vigil.bench.page-size", 5_000);
  /**
   * A directory: every statement after the load is logged there with its plan, as run (auto_explain:
   * EXPLAIN ANALYZE, BUFFERS), to see where a page's time goes. Timings then include the plans' cost.
   */
  @Test
  void healthSweep() throws Exception {
    try (EmbeddedPostgres postgres = DetectionSweepBenchmark.server().start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      long generateStart = System.nanoTime();
      DetectionSweepBenchmark.generate(dataSource);
      generateAccounts(dataSource);
      System.out.printf("  generated in %.1f s%n", seconds(System.nanoTime() - generateStart));
      DetectionSweepBenchmark.execute(dataSource, "VACUUM ANALYZE", "CHECKPOINT");
      DetectionSweepBenchmark.explainFromHere(dataSource);

      Sql sql = new Sql(dataSource);
      PlaybookReads playbooks = new PlaybookReads(sql);
      HealthScoring scoring = new HealthScoring(sql, List.of(new UsageEngagementSource(new SegmentMedianStore(sql)),
          new PlaybookSignalSource(), new AccountGrowthSource(), new SentimentSource()), new HealthStore(sql),
          new UsageStore(sql), HealthWeights.DEFAULT, List.of(playbooks), PAGE_SIZE);
      UsageStore usage = new UsageStore(sql);
      List<Double> timings = new ArrayList<>();
      List<Double> playbookTimings = new ArrayList<>();
      List<Double> detectionTimings = new ArrayList<>();
      List<Double> floorTimings = new ArrayList<>();
      // interleaved with the detection of the same portfolio in the same pages (the sweep's detectPage,
      // without the holidays), so that the machine's changing load weighs on both alike
      for (int run = 0; run < 1 + RUNS; run++) {
        // each pass is a new sweep day's: the day's segment medians are worked out once in it (V170;
        // a build without them has no such table)
        DetectionSweepBenchmark.execute(dataSource, "DO $$ BEGIN IF to_regclass('health_segment_days') IS NOT NULL "
            + "THEN DELETE FROM health_segment_days; END IF; END $$");
        String load = loadAverage();
        // the floor, in the same pass: a bare scan of the rollups' 35-day window, as the detection bench prints it
        long floorStart = System.nanoTime();
        DetectionSweepBenchmark.scanWindow(dataSource);
        double floor = seconds(System.nanoTime() - floorStart);
        long start = System.nanoTime();
        playbooks.reset();
        String cursor = null;
        int pages = 0;
        long scored = 0;
        while (true) {
          HealthScoring.Page page = scoring.scorePage(AS_OF, cursor);
          pages++;
          scored += page.scored();
          cursor = page.lastCustomerId();
          if (page.last()) {
            break;
          }
        }
        double elapsed = seconds(System.nanoTime() - start);
        double detection = detectInPages(usage);
        if (run > 0) {
          timings.add(elapsed);
          playbookTimings.add(playbooks.seconds());
          detectionTimings.add(detection);
          floorTimings.add(floor);
        }
        System.out.printf("  health %s: %.3f s, %d pages of %,d, %,d scored (of which the playbooks' reads %.3f s); "
                + "detection in the same pages %.3f s; ratio %.1f; floor %.3f s (health %.1fx, detection %.1fx); "
                + "load average before %s, after %s%n",
            run == 0 ? "warm-up" : "run " + run, elapsed, pages, PAGE_SIZE, scored, playbooks.seconds(), detection,
            elapsed / detection, floor, elapsed / floor, detection / floor, load, loadAverage());
        assertThat(scored).isEqualTo(CUSTOMERS);
      }
      System.out.printf("%nhealth scoring of %,d customers in pages of %,d (the sweep's health step): %s%n", CUSTOMERS,
          PAGE_SIZE, summary(timings));
      System.out.printf("  of which the health playbooks' reads (expansion evidence, churn causes, contacts): %s%n",
          summary(playbookTimings));
      System.out.printf("detection (UsageStore.scanDrops) of the same customers in the same pages: %s%n",
          summary(detectionTimings));
      System.out.printf("median health / median detection: %.2f%n", median(timings) / median(detectionTimings));
      System.out.printf("floor: a bare scan of the window's rows of both rollup tables, once before each pass: %s%n",
          summary(floorTimings));
      System.out.printf("health / floor (medians): %.1fx; detection / floor (medians): %.1fx%n",
          median(timings) / median(floorTimings), median(detectionTimings) / median(floorTimings));
      try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT health_band, count(*) FROM customers GROUP BY 1 ORDER BY 1")) {
        List<String> bands = new ArrayList<>();
        while (rs.next()) {
          bands.add(rs.getString(1) + " " + rs.getLong(2));
        }
        System.out.println("bands: " + bands + "\n");
        assertThat(bands).hasSize(3);
      }
    }
  }

  /** The detection of every customer page by page as the sweep's detectPage runs it (no holidays); answers seconds. */
  private static double detectInPages(UsageStore usage) {
    long start = System.nanoTime();
    String cursor = null;
    while (true) {
      List<String> page = usage.customerIdsAfter(cursor, PAGE_SIZE);
      if (page.isEmpty()) {
        return seconds(System.nanoTime() - start);
      }
      String upTo = page.get(page.size() - 1);
      usage.scanDrops(AS_OF, 4, CustomerScope.range(cursor, upTo), HolidayDays.NONE, 30.0, 3, 10);
      cursor = upTo;
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static String loadAverage() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? String.join(" ", Arrays.asList(Files.readString(loadavg).trim().split(" ")).subList(0, 3)) : "?";
  }

  /**
   * What the health playbooks (HealthPlaybookTrigger beans) read for each stored page, without starting
   * workflows (the bench has no Temporal): the expansion evidence of the whole page, the churn causes of
   * the customers the escalation rule picks, the contacts of the yellow ones. Times itself.
   */
  private static final class PlaybookReads implements HealthPlaybookTrigger {
    private final ExpansionFacts expansion;
    private final ExpansionRule expansionRule = new ExpansionRule(Duration.ofDays(30));
    private final EscalationFacts escalation;
    private final TouchpointStore touchpoints;
    private long nanos;

    PlaybookReads(Sql sql) {
      this.expansion = new ExpansionFacts(sql);
      this.escalation = new EscalationFacts(sql);
      this.touchpoints = new TouchpointStore(sql);
    }

    @Override
    public String name() {
      return "the health playbooks' reads";
    }

    @Override
    public int dispatch(LocalDate asOf, List<DailyHealth> page) {
      long start = System.nanoTime();
      List<String> ids = page.stream().map(DailyHealth::customerId).toList();
      long ready = expansion.usage(ids, asOf, expansionRule.windows()).values().stream()
          .filter(u -> !expansionRule.evidence(u).isEmpty()).count();
      List<String> escalating = page.stream()
          .filter(d -> EscalationRule.decide(d.score(), d.band(), d.trend(), null).isPresent())
          .map(DailyHealth::customerId).toList();
      if (!escalating.isEmpty()) {
        escalation.churnCauses(escalating, EscalationRule.churnCauseWindowStart(asOf), asOf);
      }
      List<String> yellow = page.stream().filter(d -> SilenceRule.BAND.equals(d.band())).map(DailyHealth::customerId).toList();
      touchpoints.contacts(yellow, asOf);
      nanos += System.nanoTime() - start;
      return (int) ready;
    }

    void reset() {
      nanos = 0;
    }

    double seconds() {
      return nanos / 1e9;
    }
  }

  /** Seats near each customer's size, an account history from 120 days before, a risk signal per planted drop. */
  private static void generateAccounts(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      DetectionSweepBenchmark.withoutTriggers(c);
      timed(c, "seats", """
          UPDATE customers c SET seats = round(p.base_users * (1.0 + random() * 0.6))::int
          FROM bench_profile p WHERE p.customer_id = c.id""");
      timed(c, "account history", """
          INSERT INTO customer_account_history (customer_id, effective_on, arr, seats)
          SELECT id, DATE '%s' - 120, round(arr * CAST(0.8 + random() * 0.4 AS numeric), 2), round(seats * (0.8 + random() * 0.4))::int
          FROM customers""".formatted(AS_OF));
      timed(c, "usage-drop signals", """
          INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata)
          SELECT 'bench/' || customer_id, customer_id, 'usage_anomaly',
                 CASE WHEN drop_fraction > 0.7 THEN 'critical' WHEN drop_fraction > 0.5 THEN 'high' ELSE 'medium' END,
                 jsonb_build_object('asOf', DATE '%s')
          FROM bench_profile WHERE drop_fraction IS NOT NULL""".formatted(AS_OF));
    }
  }
}
