package io.vigil.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.AccountGrowthSource;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.HealthComponent;
import io.vigil.infra.persistence.HealthInput;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.PlaybookSignalSource;
import io.vigil.infra.persistence.SegmentMedianStore;
import io.vigil.infra.persistence.SentimentSource;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEngagementSource;
import io.vigil.infra.persistence.UsageEngagementSource.SegmentMedians;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The set-based scoring (a few statements per page) against a reference that reads each customer's
 * raw rows on its own and works the figures out in Java, over a random portfolio: gaps in the
 * rollups, customers without seats, history or usage, drops and recoveries, segments too small for
 * a median. Every customer's score, band, components, missing list and trend must agree.
 */
class HealthScoringTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 18);
  private static final LocalDate EARLIER = DAY.minusDays(25);
  private static final int CUSTOMERS = 60;
  private static final List<String> SEGMENTS = List.of("enterprise", "mid-market", "smb", "tiny");
  private static TestDatabase db;
  private static Sql sql;

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    sql = new Sql(db.dataSource());
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    db.execute("INSERT INTO feature_catalog (feature_id, feature_name) VALUES ('f1', 'One'), ('f2', 'Two'), ('f3', 'Three')");
    Random random = new Random(9);
    sql.inTransaction(c -> {
      for (int n = 0; n < CUSTOMERS; n++) {
        String id = String.format("cust-%03d", n);
        // "tiny" gets two customers only: too few for a segment median
        String segment = n < 2 ? "tiny" : SEGMENTS.get(n % 3);
        Integer seats = random.nextInt(5) == 0 ? null : 10 + random.nextInt(90);
        update(c, "INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, seats) "
            + "VALUES (?, ?, ?, ?, 'na', 'sarah', 'Champ', 'champ@example.com', ?)", id, id,
            BigDecimal.valueOf(10_000 + random.nextInt(200_000)), segment, seats);
        if (random.nextInt(4) > 0) {
          update(c, "INSERT INTO customer_account_history (customer_id, effective_on, arr, seats) VALUES (?, ?, ?, ?)", id,
              DAY.minusDays(100 + random.nextInt(30)), BigDecimal.valueOf(5_000 + random.nextInt(200_000)),
              random.nextBoolean() ? null : 5 + random.nextInt(90));
        }
        update(c, "INSERT INTO customer_account_history (customer_id, effective_on, arr, seats) VALUES (?, ?, ?, ?)", id,
            DAY.minusDays(random.nextInt(60)), BigDecimal.valueOf(5_000 + random.nextInt(200_000)), seats);
        if (n % 10 == 9) {
          continue; // no usage at all
        }
        int users = 5 + random.nextInt(60);
        for (LocalDate d = DAY.minusDays(95); !d.isAfter(DAY); d = d.plusDays(1)) {
          if (random.nextInt(8) == 0) {
            continue; // a day without a rollup
          }
          int dau = random.nextInt(users + 1);
          update(c, "INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, "
                  + "sessions, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)", id, d, dau, Math.min(users, dau + random.nextInt(10)),
              users, random.nextInt(3 * users + 1), dau, random.nextInt(users + 1));
          for (String f : List.of("f1", "f2", "f3")) {
            if (random.nextInt(5) == 0) {
              update(c, "INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) "
                  + "VALUES (?, ?, ?, ?, 1)", id, d, f, random.nextInt(3));
            }
          }
        }
        if (random.nextInt(3) == 0) {
          LocalDate alerted = DAY.minusDays(random.nextInt(60));
          String severity = List.of("medium", "high", "critical").get(random.nextInt(3));
          update(c, "INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata, created_at) "
                  + "VALUES (?, ?, 'usage_anomaly', ?, CAST(? AS jsonb), ?)", "k-" + id + "-1", id, severity,
              "{\"asOf\": \"" + alerted + "\"}", Timestamp.from(alerted.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        if (random.nextInt(4) == 0) {
          update(c, "INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata, created_at) "
                  + "VALUES (?, ?, 'expansion_opportunity', 'low', '{}', ?)", "k-" + id + "-2", id,
              Timestamp.from(DAY.minusDays(random.nextInt(120)).atTime(12, 0).toInstant(ZoneOffset.UTC)));
        }
        // survey answers and tickets on both sides of every window's edges (and after the day)
        int answers = random.nextInt(3) == 0 ? 0 : random.nextInt(6);
        for (int a = 0; a < answers; a++) {
          boolean nps = random.nextBoolean();
          update(c, "INSERT INTO survey_responses (id, customer_id, contact_email, type, score, responded_at) "
                  + "VALUES (?, ?, 'x@example.com', ?, ?, ?)", "r-" + id + "-" + a, id, nps ? "nps" : "csat",
              nps ? random.nextInt(11) : 1 + random.nextInt(5), moment(DAY.minusDays(sentimentDaysBack(random)), random));
        }
        int tickets = random.nextInt(3) == 0 ? 0 : random.nextInt(9);
        for (int t = 0; t < tickets; t++) {
          update(c, "INSERT INTO support_tickets (id, customer_id, subject, body, status, priority, csat, source, opened_at, "
                  + "predicted_category, category_confidence, category_reason, category_source) "
                  + "VALUES (?, ?, 's', 'b', ?, ?, ?, 'api', ?, 'bug_report', 0.5, 'r', 'classifier')", "t-" + id + "-" + t, id,
              List.of("open", "pending", "solved", "closed").get(random.nextInt(4)),
              random.nextInt(4) == 0 ? null : List.of("low", "normal", "high", "urgent").get(random.nextInt(4)),
              random.nextInt(3) == 0 ? (Object) (1 + random.nextInt(5)) : null, moment(DAY.minusDays(sentimentDaysBack(random)), random));
        }
        if (random.nextInt(3) == 0) {
          for (String f : List.of("f1", "f2", "f3").subList(0, 1 + random.nextInt(3))) {
            update(c, "INSERT INTO feature_adoption (customer_id, feature_id, feature_name, recovered_at) VALUES (?, ?, ?, ?)",
                id, f, f, Timestamp.from(DAY.minusDays(random.nextInt(45)).atTime(6, 0).toInstant(ZoneOffset.UTC)));
          }
        }
      }
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void givenARandomPortfolio_theSetBasedScoresMatchTheReferenceForEveryCustomer() {
    HealthScoring scoring = HealthScorings.of(sql, 7);
    int pages = scoreEveryone(scoring, EARLIER);
    assertThat(pages).as("pages of 7").isEqualTo(9);
    scoreEveryone(scoring, DAY);

    Checked checked = assertEveryCustomerMatchesTheReference();
    // the portfolio exercises what it should: customers without any data, and more than one band
    assertThat(checked.scored()).isBetween(CUSTOMERS / 2, CUSTOMERS - 1);
    assertThat(checked.bands()).hasSizeGreaterThan(1);
    assertThat(checked.withSentiment()).isBetween(CUSTOMERS / 3, CUSTOMERS - 5);
  }

  @Test
  void givenADayScored_everyPageReusesItsStoredMedians_andAChangeToWhatTheyCountRefreshesThem() {
    HealthScoring scoring = HealthScorings.of(sql, 7);
    scoreEveryone(scoring, EARLIER);
    scoreEveryone(scoring, DAY);
    Timestamp computed = mediansComputedAt(DAY);
    assertThat(computed).as("the day's medians are stored").isNotNull();

    // reused: a second sweep of the day works nothing out again, and its pages read what is stored
    scoreEveryone(scoring, DAY);
    assertThat(mediansComputedAt(DAY)).isEqualTo(computed);
    String smb = rows("SELECT c.id FROM customers c JOIN usage_metrics um ON um.customer_id = c.id AND um.metric_date = ? "
        + "WHERE c.segment = 'smb' ORDER BY c.id LIMIT 1", DAY).get(0)[0].toString();
    db.execute("UPDATE health_segment_medians SET breadth = 42 WHERE day = DATE '" + DAY + "' AND segment = 'smb'");
    assertThat(input(scoring.scoreCustomer(smb, DAY), "featureBreadth").baseline()).as("the stored median").isEqualTo(42.0);

    // the day's usage rollups changed: its medians go (no other day's), and the next page works them out anew
    db.execute("UPDATE usage_metrics SET mau = mau * 3 WHERE metric_date = DATE '" + DAY + "' AND customer_id IN "
        + "(SELECT id FROM customers WHERE segment = 'smb')");
    assertThat(mediansComputedAt(DAY)).isNull();
    assertThat(mediansComputedAt(EARLIER)).isNotNull();
    scoreEveryone(scoring, DAY);
    assertThat(mediansComputedAt(DAY)).isAfter(computed);
    assertEveryCustomerMatchesTheReference();

    // a feature rollup counts in the breadth of its day and the 6 days after it, not the 7th
    Timestamp refreshed = mediansComputedAt(DAY);
    db.execute("INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) VALUES ('" + smb
        + "', DATE '" + DAY.minusDays(7) + "', 'f9', 1, 1)");
    assertThat(mediansComputedAt(DAY)).isEqualTo(refreshed);
    db.execute("INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) VALUES ('" + smb
        + "', DATE '" + DAY.minusDays(6) + "', 'f9', 1, 1)");
    assertThat(mediansComputedAt(DAY)).isNull();

    // a customer's seats count on every day; its name on none
    scoreEveryone(scoring, DAY);
    db.execute("UPDATE customers SET name = name || ' Ltd' WHERE id = '" + smb + "'");
    assertThat(mediansComputedAt(DAY)).isNotNull();
    db.execute("UPDATE customers SET seats = coalesce(seats, 10) + 50 WHERE id = '" + smb + "'");
    assertThat(mediansComputedAt(DAY)).isNull();
    assertThat(mediansComputedAt(EARLIER)).isNull();
    scoreEveryone(scoring, EARLIER);
    scoreEveryone(scoring, DAY);
    assertEveryCustomerMatchesTheReference(); // after the feature rollups and the seats
  }

  @Test
  void givenARollupChangeNotYetCommitted_workingOutTheMediansWaitsForItAndCountsIt() throws Exception {
    SegmentMedianStore medians = new SegmentMedianStore(sql);
    LocalDate day = DAY.minusDays(3);
    Map<String, SegmentMedians> before = sql.inTransaction(c -> medians.compute(c, day));
    try (Connection change = db.dataSource().getConnection()) {
      change.setAutoCommit(false);
      try (PreparedStatement ps = change.prepareStatement("UPDATE usage_metrics SET mau = mau * 5 WHERE metric_date = ?")) {
        ps.setObject(1, Date.valueOf(day));
        ps.executeUpdate();
      }
      CompletableFuture<Map<String, SegmentMedians>> stored = CompletableFuture.supplyAsync(() -> medians.forDay(day));
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waitingAdvisoryLocks() > 0);
      assertThat(stored).isNotDone();
      change.commit();

      Map<String, SegmentMedians> after = sql.inTransaction(c -> medians.compute(c, day));
      assertThat(after).as("the change moves the medians").isNotEqualTo(before);
      assertThat(stored.get(30, TimeUnit.SECONDS)).isEqualTo(after);
      Optional<Map<String, SegmentMedians>> kept = sql.inTransaction(c -> medians.stored(c, day));
      assertThat(kept).contains(after);
    }
  }

  @Test
  void givenPlaybookTriggers_eachSeesEveryPageOfStoredDaysAfterTheyAreCommitted() {
    List<String> seen = new ArrayList<>();
    HealthStore store = new HealthStore(sql);
    HealthPlaybookTrigger trigger = new HealthPlaybookTrigger() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public int dispatch(LocalDate asOf, List<DailyHealth> page) {
        for (DailyHealth day : page) {
          assertThat(day.asOf()).isEqualTo(DAY);
          // read back outside the scoring transaction: the day must already be there
          assertThat(store.history(day.customerId(), DAY, DAY)).extracting(DailyHealth::score).containsExactly(day.score());
          seen.add(day.customerId());
        }
        return page.size();
      }
    };
    int pages = scoreEveryone(HealthScorings.of(sql, 25, trigger), DAY);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(CUSTOMERS).doesNotHaveDuplicates();
  }

  @Test
  void givenABackfill_thePlaybooksHearOfItsLastDayOnly_andEveryDayIsStored() {
    // after DAY, so that the other tests' days (EARLIER and DAY) and DAY's trend are not touched
    LocalDate first = DAY.plusDays(1);
    LocalDate last = DAY.plusDays(3);
    List<LocalDate> heard = new ArrayList<>();
    HealthPlaybookTrigger recorder = new HealthPlaybookTrigger() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public int dispatch(LocalDate asOf, List<DailyHealth> page) {
        page.forEach(day -> heard.add(day.asOf()));
        return page.size();
      }
    };

    HealthScorings.of(sql, 25, recorder).backfill(first, last);

    assertThat(heard).as("one look per customer, at the backfill's last day").hasSize(CUSTOMERS).containsOnly(last);
    assertThat(new HealthStore(sql).history("cust-001", first, last)).extracting(DailyHealth::asOf)
        .containsExactly(first, first.plusDays(1), last);
  }

  private static int scoreEveryone(HealthScoring scoring, LocalDate day) {
    String after = null;
    int pages = 0;
    while (true) {
      HealthScoring.Page page = scoring.scorePage(day, after);
      pages++;
      after = page.lastCustomerId();
      if (page.last()) {
        return pages;
      }
    }
  }

  private record Checked(int scored, Map<String, Integer> bands, int withSentiment) {}

  /** Every customer's stored DAY against the reference's, its trend against the reference's EARLIER. */
  private static Checked assertEveryCustomerMatchesTheReference() {
    HealthStore store = new HealthStore(sql);
    HealthModel model = new HealthModel(HealthWeights.DEFAULT);
    Reference reference = new Reference();
    int scored = 0;
    int withSentiment = 0;
    Map<String, Integer> bands = new HashMap<>();
    for (int n = 0; n < CUSTOMERS; n++) {
      String id = String.format("cust-%03d", n);
      HealthScore expectedEarlier = model.score(reference.inputs(id, EARLIER), EnumSet.allOf(HealthComponent.class));
      HealthScore expected = model.score(reference.inputs(id, DAY), EnumSet.allOf(HealthComponent.class));
      List<DailyHealth> days = store.history(id, EARLIER, DAY);
      assertThat(days).extracting(DailyHealth::asOf).containsExactly(EARLIER, DAY);
      DailyHealth actual = days.get(1);

      assertThat(actual.score()).as(id).isEqualTo(expected.score());
      assertThat(actual.band()).as(id).isEqualTo(expected.band() == null ? null : expected.band().label());
      assertThat(actual.missing()).as(id).isEqualTo(expected.missing());
      assertThat(actual.mostImpactful()).as(id).isEqualTo(expected.mostImpactful());
      assertThat(decimal(actual.engagement())).as(id + " engagement").isEqualTo(expected.components().get("engagement").score());
      assertThat(decimal(actual.growth())).as(id + " growth").isEqualTo(expected.components().get("growth").score());
      assertThat(decimal(actual.sentiment())).as(id + " sentiment").isEqualTo(expected.components().get("sentiment").score());
      if (expected.components().get("sentiment").score() != null) {
        withSentiment++;
      }
      HealthTrend trend = HealthTrend.of(expected.score(), expectedEarlier.score() == null ? null : expectedEarlier.score().doubleValue());
      assertThat(actual.trend()).as(id + " trend").isEqualTo(trend == null ? null : trend.label());
      if (expected.score() != null) {
        scored++;
        bands.merge(expected.band().label(), 1, Integer::sum);
      }
    }
    return new Checked(scored, bands, withSentiment);
  }

  private static Timestamp mediansComputedAt(LocalDate day) {
    List<Object[]> found = rows("SELECT computed_at FROM health_segment_days WHERE day = ?", day);
    return found.isEmpty() ? null : (Timestamp) found.get(0)[0];
  }

  private static HealthScore.Input input(HealthScore score, String name) {
    return score.components().values().stream().flatMap(c -> c.inputs().stream()).filter(i -> i.name().equals(name))
        .findFirst().orElseThrow();
  }

  private static long waitingAdvisoryLocks() {
    return (Long) rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").get(0)[0];
  }

  private static Double decimal(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }

  /** Each customer's inputs from its own rows, worked out in Java; the segment medians from every customer's rows. */
  private static final class Reference {
    private final Map<LocalDate, Map<String, SegmentMedians>> medians = new HashMap<>();

    Map<HealthComponent, List<HealthInput>> inputs(String id, LocalDate d) {
      Map<HealthComponent, List<HealthInput>> inputs = new EnumMap<>(HealthComponent.class);
      List<Object[]> usage = rows("SELECT metric_date, dau, wau, mau, logins, login_wau FROM usage_metrics WHERE customer_id = ? "
          + "AND metric_date BETWEEN ? AND ?", id, d.minusDays(89), d);
      List<Object[]> recent = filter(usage, r -> !date(r).isBefore(d.minusDays(34)));
      if (!recent.isEmpty()) {
        Object[] today = usage.stream().filter(r -> date(r).equals(d)).findFirst().orElse(null);
        List<Object[]> week = filter(recent, r -> date(r).isAfter(d.minusDays(7)));
        List<Object[]> before = filter(recent, r -> !date(r).isAfter(d.minusDays(7)));
        Integer seats = (Integer) rows("SELECT seats FROM customers WHERE id = ?", id).get(0)[0];
        var figures = new UsageEngagementSource.UsageFigures(seats == null ? null : seats.doubleValue(),
            today == null ? null : num(today[2]), today == null ? null : num(today[3]), today == null ? null : num(today[5]),
            week.isEmpty() ? null : sum(week, 4), before.isEmpty() ? null : avg(before, 2),
            before.isEmpty() ? null : sum(before, 4), before.isEmpty() ? null : avg(before, 5), breadth(id, d));
        String segment = (String) rows("SELECT segment FROM customers WHERE id = ?", id).get(0)[0];
        inputs.put(HealthComponent.ENGAGEMENT, new ArrayList<>(UsageEngagementSource.inputsOf(figures,
            medians.computeIfAbsent(d, this::segmentMedians).getOrDefault(segment, new SegmentMedians(null, null)))));
      }
      List<Object[]> drops = filter(rows("SELECT severity, CAST(metadata ->> 'asOf' AS date) FROM risk_signals "
          + "WHERE customer_id = ? AND type = 'usage_anomaly'", id), r -> !((LocalDate) r[1]).isBefore(d.minusDays(29))
          && !((LocalDate) r[1]).isAfter(d));
      long recovered = rows("SELECT CAST(recovered_at AT TIME ZONE 'UTC' AS date) FROM feature_adoption WHERE customer_id = ?", id)
          .stream().map(r -> (LocalDate) r[0]).filter(x -> x != null && !x.isBefore(d.minusDays(29)) && !x.isAfter(d)).count();
      if (!drops.isEmpty() || recovered > 0) {
        int worst = drops.stream().mapToInt(r -> List.of("medium", "high", "critical").indexOf((String) r[0]) + 1).max().orElse(0);
        LocalDate latest = drops.stream().map(r -> (LocalDate) r[1]).max(LocalDate::compareTo).orElse(null);
        inputs.computeIfAbsent(HealthComponent.ENGAGEMENT, k -> new ArrayList<>())
            .addAll(PlaybookSignalSource.inputsOf(drops.size(), worst, latest, (int) recovered));
      }
      Object[] now = account(id, d);
      Object[] then = account(id, d.minusDays(89));
      List<Object[]> lastWeek = filter(usage, r -> date(r).isAfter(d.minusDays(7)));
      List<Object[]> firstWeek = filter(usage, r -> !date(r).isAfter(d.minusDays(83)));
      boolean anyUsage = !lastWeek.isEmpty() || !firstWeek.isEmpty();
      long expansions = rows("SELECT CAST(created_at AT TIME ZONE 'UTC' AS date) FROM risk_signals WHERE customer_id = ? "
          + "AND type = 'expansion_opportunity'", id).stream().map(r -> (LocalDate) r[0])
          .filter(x -> !x.isBefore(d.minusDays(89)) && !x.isAfter(d)).count();
      inputs.put(HealthComponent.GROWTH, AccountGrowthSource.inputsOf(new AccountGrowthSource.GrowthFigures(
          now == null ? null : nullable(now[1]), then == null ? null : nullable(then[1]), now == null ? null : num(now[0]),
          then == null ? null : num(then[0]), anyUsage && !lastWeek.isEmpty() ? avg(lastWeek, 1) : null,
          anyUsage && !firstWeek.isEmpty() ? avg(firstWeek, 1) : null, (int) expansions)));
      List<HealthInput> sentiment = sentiment(id, d);
      if (!sentiment.isEmpty()) {
        inputs.put(HealthComponent.SENTIMENT, sentiment);
      }
      return inputs;
    }

    private List<HealthInput> sentiment(String id, LocalDate d) {
      List<Object[]> answers = filter(rows("SELECT type, score, CAST(responded_at AT TIME ZONE 'UTC' AS date) FROM survey_responses "
          + "WHERE customer_id = ?", id), r -> !((LocalDate) r[2]).isAfter(d));
      List<Object[]> nps = filter(answers, r -> r[0].equals("nps") && !((LocalDate) r[2]).isBefore(d.minusDays(179)));
      List<Object[]> csat = filter(answers, r -> r[0].equals("csat") && !((LocalDate) r[2]).isBefore(d.minusDays(89)));
      List<Object[]> tickets = filter(rows("SELECT CAST(opened_at AT TIME ZONE 'UTC' AS date), status, priority, csat "
          + "FROM support_tickets WHERE customer_id = ?", id), r -> !date(r).isAfter(d));
      List<Object[]> recent = filter(tickets, r -> !date(r).isBefore(d.minusDays(29)));
      boolean history = tickets.stream().anyMatch(r -> date(r).isBefore(d.minusDays(29)));
      if (nps.isEmpty() && csat.isEmpty() && !history) {
        return List.of();
      }
      Predicate<Object[]> open = r -> r[1].equals("open") || r[1].equals("pending");
      return SentimentSource.inputsOf(new SentimentSource.SentimentFigures(nps.isEmpty() ? null : avg(nps, 1), nps.size(),
          csat.isEmpty() ? null : avg(csat, 1), csat.size(), history,
          (int) tickets.stream().filter(r -> date(r).isBefore(d.minusDays(29)) && !date(r).isBefore(d.minusDays(179))).count(),
          recent.size(), filter(recent, open.and(r -> "high".equals(r[2]))).size(),
          filter(recent, open.and(r -> "urgent".equals(r[2]))).size(),
          filter(recent, r -> r[3] != null && num(r[3]) <= 2).size()));
    }

    private Object[] account(String id, LocalDate d) {
      List<Object[]> rows = rows("SELECT arr, seats FROM customer_account_history WHERE customer_id = ? AND effective_on <= ? "
          + "ORDER BY effective_on DESC", id, d);
      return rows.isEmpty() ? null : rows.get(0);
    }

    private double breadth(String id, LocalDate d) {
      return rows("SELECT DISTINCT feature_id FROM feature_usage_metrics WHERE customer_id = ? AND metric_date BETWEEN ? AND ? "
          + "AND uses > 0", id, d.minusDays(6), d).size();
    }

    private Map<String, SegmentMedians> segmentMedians(LocalDate d) {
      Map<String, List<Double>> perSeat = new HashMap<>();
      Map<String, List<Double>> breadths = new HashMap<>();
      for (Object[] r : rows("SELECT c.id, c.segment, c.seats, m.mau FROM customers c JOIN usage_metrics m ON m.customer_id = c.id "
          + "AND m.metric_date = ?", d)) {
        String segment = (String) r[1];
        if (r[2] != null && (Integer) r[2] > 0) {
          perSeat.computeIfAbsent(segment, k -> new ArrayList<>()).add(num(r[3]) / (Integer) r[2]);
        }
        breadths.computeIfAbsent(segment, k -> new ArrayList<>()).add(breadth((String) r[0], d));
      }
      Map<String, SegmentMedians> medians = new HashMap<>();
      for (String segment : breadths.keySet()) {
        medians.put(segment, new SegmentMedians(median(perSeat.getOrDefault(segment, List.of())), median(breadths.get(segment))));
      }
      return medians;
    }

    private static Double median(List<Double> values) {
      if (values.size() < UsageEngagementSource.MIN_SEGMENT_PEERS) {
        return null;
      }
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  /** Days before DAY (or after it, negative), half of them on the edges of sentiment's windows. */
  private static int sentimentDaysBack(Random random) {
    int[] edges = {-1, 0, 29, 30, 89, 90, 179, 180};
    return random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextInt(200) - 3;
  }

  /** A moment of the day, at any hour (UTC), so the windows' edges are crossed within days too. */
  private static Timestamp moment(LocalDate day, Random random) {
    return Timestamp.from(day.atStartOfDay().plusMinutes(random.nextInt(24 * 60)).toInstant(ZoneOffset.UTC));
  }

  private static LocalDate date(Object[] row) {
    return (LocalDate) row[0];
  }

  private static double num(Object value) {
    return ((Number) value).doubleValue();
  }

  private static Double nullable(Object value) {
    return value == null ? null : num(value);
  }

  private static double sum(List<Object[]> rows, int column) {
    return rows.stream().mapToDouble(r -> num(r[column])).sum();
  }

  private static double avg(List<Object[]> rows, int column) {
    return rows.stream().mapToDouble(r -> num(r[column])).average().orElseThrow();
  }

  private static List<Object[]> filter(List<Object[]> rows, Predicate<Object[]> keep) {
    return rows.stream().filter(keep).collect(Collectors.toList());
  }

  private static List<Object[]> rows(String query, Object... params) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = prepare(c, query, params); ResultSet rs = ps.executeQuery()) {
        List<Object[]> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            Object value = rs.getObject(i + 1);
            row[i] = value instanceof Date date ? date.toLocalDate() : value;
          }
          rows.add(row);
        }
        return rows;
      }
    });
  }

  private static void update(Connection c, String statement, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(c, statement, params)) {
      ps.executeUpdate();
    }
  }

  private static PreparedStatement prepare(Connection c, String statement, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      ps.setObject(i + 1, p instanceof LocalDate d ? Date.valueOf(d) : p);
    }
    return ps;
  }
}
