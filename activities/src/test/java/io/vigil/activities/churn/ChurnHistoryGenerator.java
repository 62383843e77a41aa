package io.vigil.activities.churn;

import io.vigil.infra.persistence.CustomerEventStore;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.SurveyResponse;
import io.vigil.infra.persistence.SurveyStore;
import io.vigil.infra.persistence.TicketStore;
import io.vigil.infra.persistence.TicketVersion;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * A labeled history for churn prediction (tests now, the demo later): customers over about a year,
 * some of which churn after the precursors a CS team sees (usage sliding over weeks, seats going quiet,
 * features dropped, tickets rising, a detractor answer, a downgrade, the churn landing at renewal),
 * and others that do not churn despite noise, spikes, seasonal dips and dips that recover (and some
 * of them with a detractor answer). Daily rollups are written as the rollup job stores them; the
 * events, tickets and survey answers go through the product's own stores. Same seed, same history.
 */
public final class ChurnHistoryGenerator {
  private static final String[] SEGMENTS = {"enterprise", "mid-market", "smb"};
  private static final String[] FEATURES = {"f1", "f2", "f3", "f4", "f5", "f6"};
  private static final String[] CATEGORIES = {"bug_report", "feature_request", "documentation_gap", "usability_issue",
      "performance_issue", "integration_question", "how_to_question"};

  /** One generated customer: when it started and the day it churned (null: it stays). */
  public record Planned(String customerId, LocalDate start, LocalDate churnedOn, String segment) {
    /** In the population of {@code day}: started by then and not churned on or before it. */
    public boolean activeOn(LocalDate day) {
      return !start.isAfter(day) && (churnedOn == null || churnedOn.isAfter(day));
    }
  }

  public record History(LocalDate from, LocalDate to, List<Planned> customers) {
    public long churners() {
      return customers.stream().filter(c -> c.churnedOn() != null).count();
    }
  }

  private ChurnHistoryGenerator() {}

  /** Writes {@code count} customers' history over the 365 days ending {@code to}; about one in six churns. */
  public static History write(DataSource dataSource, long seed, int count, LocalDate to) {
    Random random = new Random(seed);
    LocalDate from = to.minusDays(364);
    Sql sql = new Sql(dataSource);
    List<Planned> plans = new ArrayList<>();
    List<SurveyResponse> answers = new ArrayList<>();
    List<TicketVersion> tickets = new ArrayList<>();
    List<Object[]> events = new ArrayList<>();
    sql.inTransaction(c -> {
      try (PreparedStatement user = c.prepareStatement(
          "INSERT INTO users (id, name, email, role) VALUES ('gen-csm', 'Gen', 'gen@example.com', 'csm') ON CONFLICT DO NOTHING")) {
        user.executeUpdate();
      }
      try (PreparedStatement customer = c.prepareStatement("INSERT INTO customers (id, name, arr, segment, region, csm_id, "
              + "champion_name, champion_email, seats, start_date, renewal_date) VALUES (?, ?, ?, ?, 'na', 'gen-csm', 'Champ', "
              + "'champ@example.com', ?, ?, ?)");
          PreparedStatement account = c.prepareStatement(
              "INSERT INTO customer_account_history (customer_id, effective_on, arr, seats) VALUES (?, ?, ?, ?)");
          PreparedStatement rollup = c.prepareStatement("INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, "
              + "logins, login_users, login_wau, sessions, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement featureRollup = c.prepareStatement(
              "INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) VALUES (?, ?, ?, ?, ?)")) {
        for (int n = 0; n < count; n++) {
          plans.add(customer(random, n, from, to, customer, account, rollup, featureRollup, answers, tickets, events));
        }
        customer.executeBatch();
        account.executeBatch();
        rollup.executeBatch();
        featureRollup.executeBatch();
      }
      return null;
    });
    new SurveyStore(sql).upsert(answers);
    new TicketStore(sql).upsert(tickets);
    CustomerEventStore eventStore = new CustomerEventStore(sql);
    for (Object[] e : events) {
      eventStore.recordOnce((String) e[0], (String) e[1], (Instant) e[2], "generated", "generator");
    }
    return new History(from, to, List.copyOf(plans));
  }

  private static Planned customer(Random random, int n, LocalDate from, LocalDate to, PreparedStatement customer,
      PreparedStatement account, PreparedStatement rollup, PreparedStatement featureRollup, List<SurveyResponse> answers,
      List<TicketVersion> tickets, List<Object[]> events) throws SQLException {
    String id = String.format("gen-%04d", n);
    String segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
    int users = switch (segment) {
      case "enterprise" -> 80 + random.nextInt(220);
      case "mid-market" -> 20 + random.nextInt(80);
      default -> 4 + random.nextInt(25);
    };
    int seats = (int) Math.ceil(users * (1.0 + random.nextDouble() * 0.5));
    double arr = seats * (300 + random.nextInt(900));
    // a quarter start within the history, so tenure varies and the population grows
    LocalDate start = random.nextInt(4) == 0 ? from.plusDays(random.nextInt(200)) : from.minusDays(30 + random.nextInt(900));
    boolean churns = n % 6 == 0;
    LocalDate churnedOn = null;
    if (churns) {
      LocalDate earliest = start.isAfter(from) ? start.plusDays(100) : from.plusDays(90);
      long span = ChronoUnit.DAYS.between(earliest, to.minusDays(5));
      churnedOn = span <= 0 ? null : earliest.plusDays(random.nextInt((int) span));
    }
    // churners mostly leave at renewal: its anniversary a few days after the churn
    LocalDate renewal = churnedOn != null && random.nextInt(10) < 6
        ? churnedOn.plusDays(random.nextInt(10)) : start.plusYears(1).plusDays(random.nextInt(365) - 182);
    customer.setString(1, id);
    customer.setString(2, "Generated " + n);
    customer.setBigDecimal(3, BigDecimal.valueOf(arr));
    customer.setString(4, segment);
    customer.setInt(5, seats);
    customer.setDate(6, Date.valueOf(start));
    customer.setDate(7, Date.valueOf(renewal));
    customer.addBatch();
    accountRow(account, id, start, arr, seats);

    // how a churner slides: from 42-84 days before the churn down to 15-40% of its level; a fifth
    // of churners leave quietly, with only a mild slide
    boolean quiet = churnedOn != null && random.nextInt(5) == 0;
    int slideDays = 42 + random.nextInt(43);
    double floor = quiet ? 0.7 + random.nextDouble() * 0.2 : 0.15 + random.nextDouble() * 0.25;
    LocalDate slideFrom = churnedOn == null ? null : churnedOn.minusDays(slideDays);
    // non-churners: a recovering dip for some, seasonal dips and spikes for all
    LocalDate dipFrom = churnedOn == null && random.nextInt(6) == 0 ? from.plusDays(random.nextInt(300)) : null;
    int dipDays = 28 + random.nextInt(15);
    if (churnedOn != null && !quiet && random.nextInt(10) < 3) {
      accountRow(account, id, churnedOn.minusDays(20 + random.nextInt(20)), arr * 0.7, (int) (seats * 0.7));
    } else if (churnedOn == null && random.nextInt(5) == 0) {
      accountRow(account, id, from.plusDays(random.nextInt(365)), arr * 1.2, (int) (seats * 1.2));
    }
    int breadth = 2 + random.nextInt(FEATURES.length - 1);
    double share = 0.25 + random.nextDouble() * 0.2;
    LocalDate first = start.isAfter(from) ? start : from;
    for (LocalDate d = first; !d.isAfter(to) && (churnedOn == null || d.isBefore(churnedOn)); d = d.plusDays(1)) {
      double level = 1.0;
      if (slideFrom != null && d.isAfter(slideFrom)) {
        level = 1.0 - (1.0 - floor) * ChronoUnit.DAYS.between(slideFrom, d) / (double) slideDays;
      }
      if (dipFrom != null && !d.isBefore(dipFrom) && d.isBefore(dipFrom.plusDays(dipDays))) {
        level *= 0.5;
      }
      if (d.getMonthValue() == 8 && d.getDayOfMonth() > 10 || d.getMonthValue() == 12 && d.getDayOfMonth() > 20) {
        level *= 0.6; // the seasonal dips everyone has
      }
      double weekday = d.getDayOfWeek().getValue() >= 6 ? 0.3 : 1.0;
      double spike = random.nextInt(40) == 0 ? 2 + random.nextDouble() : 1;
      double noise = 0.8 + random.nextDouble() * 0.4;
      int mau = (int) Math.round(users * Math.min(1, 0.6 + 0.4 * level));
      int dau = Math.max(0, Math.min(mau, (int) Math.round(users * share * level * weekday * spike * noise)));
      int wau = Math.min(mau, (int) Math.round(dau * 2.2));
      rollup.setString(1, id);
      rollup.setDate(2, Date.valueOf(d));
      rollup.setInt(3, dau);
      rollup.setInt(4, wau);
      rollup.setInt(5, mau);
      rollup.setInt(6, (int) Math.round(dau * (1.2 + random.nextDouble())));
      rollup.setInt(7, dau);
      rollup.setInt(8, wau);
      rollup.setInt(9, dau * 2);
      rollup.setInt(10, dau * (10 + random.nextInt(10)));
      rollup.addBatch();
      int inUse = level < 0.6 ? Math.max(1, (int) Math.round(breadth * level)) : breadth; // features dropped as it slides
      for (int f = 0; f < inUse; f++) {
        if (dau > 0 && random.nextInt(3) == 0) {
          featureRollup.setString(1, id);
          featureRollup.setDate(2, Date.valueOf(d));
          featureRollup.setString(3, FEATURES[f]);
          featureRollup.setInt(4, 1 + random.nextInt(dau * 3));
          featureRollup.setInt(5, 1 + random.nextInt(dau));
          featureRollup.addBatch();
        }
      }
      // tickets: a few a quarter, three times as many (bugs and performance) in a churner's slide
      boolean sliding = slideFrom != null && d.isAfter(slideFrom) && !quiet;
      if (random.nextInt(sliding ? 10 : 30) == 0) {
        String category = sliding && random.nextBoolean() ? (random.nextBoolean() ? "bug_report" : "performance_issue")
            : CATEGORIES[random.nextInt(CATEGORIES.length)];
        tickets.add(new TicketVersion(id + "-t-" + d, id, "Generated ticket", "Something about " + category, "open", "normal",
            "user@example.com", List.of(), null, "api", moment(d, random), null, category, 0.9, "generated", "classifier"));
      }
    }
    // NPS about every 90 days; a churner answers as a detractor some weeks before leaving
    for (LocalDate d = first.plusDays(random.nextInt(90)); !d.isAfter(to); d = d.plusDays(90)) {
      if (churnedOn != null && !d.isBefore(churnedOn)) {
        break;
      }
      boolean detractor = churnedOn != null && !quiet && d.isAfter(churnedOn.minusDays(100)) || random.nextInt(10) == 0;
      int score = detractor ? random.nextInt(6) : 7 + random.nextInt(4);
      answers.add(new SurveyResponse(id + "-nps-" + d, id, "champ@example.com", "nps", score, null, moment(d, random), null));
    }
    if (churnedOn != null) {
      events.add(new Object[] {id, "churned", churnedOn.atTime(15, 0).toInstant(ZoneOffset.UTC)});
    } else {
      for (LocalDate r = renewal; !r.isAfter(to); r = r.plusYears(1)) {
        if (!r.isBefore(from)) {
          events.add(new Object[] {id, "renewal", r.atTime(12, 0).toInstant(ZoneOffset.UTC)});
        }
      }
    }
    return new Planned(id, start, churnedOn, segment);
  }

  private static void accountRow(PreparedStatement account, String id, LocalDate on, double arr, int seats)
      throws SQLException {
    account.setString(1, id);
    account.setDate(2, Date.valueOf(on));
    account.setBigDecimal(3, BigDecimal.valueOf(Math.round(arr)));
    account.setInt(4, seats);
    account.addBatch();
  }

  private static Instant moment(LocalDate day, Random random) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(random.nextInt(86_400));
  }
}
