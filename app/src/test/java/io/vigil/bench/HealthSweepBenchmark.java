package io.vigil.bench;

import static io.vigil.bench.DetectionSweepBenchmark.AS_OF;
import static io.vigil.bench.DetectionSweepBenchmark.CUSTOMERS;
import static io.vigil.bench.DetectionSweepBenchmark.seconds;
import static io.vigil.bench.DetectionSweepBenchmark.summary;
import static io.vigil.bench.DetectionSweepBenchmark.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.health.HealthScoring;
import io.vigil.activities.health.HealthWeights;
import io.vigil.infra.persistence.AccountGrowthSource;
import io.vigil.infra.persistence.SentimentSource;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.PlaybookSignalSource;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEngagementSource;
import io.vigil.infra.persistence.UsageStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
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

  @Test
  void healthSweep() throws Exception {
    Path dataDir = Files.createTempDirectory("vigil-bench-pg");
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true);
    DetectionSweepBenchmark.SERVER_CONFIG.forEach(builder::setServerConfig);
    try (EmbeddedPostgres postgres = builder.start()) {
      DataSource dataSource = postgres.getPostgresDatabase();
      Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
      long generateStart = System.nanoTime();
      DetectionSweepBenchmark.generate(dataSource);
      generateAccounts(dataSource);
      System.out.printf("  generated in %.1f s%n", seconds(System.nanoTime() - generateStart));
      DetectionSweepBenchmark.execute(dataSource, "VACUUM ANALYZE", "CHECKPOINT");

      Sql sql = new Sql(dataSource);
      HealthScoring scoring = new HealthScoring(sql, List.of(new UsageEngagementSource(), new PlaybookSignalSource(),
          new AccountGrowthSource(), new SentimentSource()), new HealthStore(sql), new UsageStore(sql), HealthWeights.DEFAULT, List.of(), PAGE_SIZE);
      List<Double> timings = new ArrayList<>();
      for (int run = 0; run < 1 + RUNS; run++) {
        long start = System.nanoTime();
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
        if (run > 0) {
          timings.add(elapsed);
        }
        System.out.printf("  health %s: %.3f s, %d pages of %,d, %,d scored%n", run == 0 ? "warm-up" : "run " + run, elapsed,
            pages, PAGE_SIZE, scored);
        assertThat(scored).isEqualTo(CUSTOMERS);
      }
      System.out.printf("%nhealth scoring of %,d customers in pages of %,d (the sweep's health step): %s%n", CUSTOMERS,
          PAGE_SIZE, summary(timings));
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

  /** Seats near each customer's size, an account history from 120 days before, a risk signal per planted drop. */
  private static void generateAccounts(DataSource dataSource) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
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
