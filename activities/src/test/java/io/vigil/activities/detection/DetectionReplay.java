package io.vigil.activities.detection;

import io.vigil.infra.persistence.CommonModeDayStore;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Runs the real detector over a {@link SyntheticPortfolio} day by day, as the daily sweep would:
 * before each day's evaluation the events that have arrived by then are stored (late ones through
 * {@link UsageStore#insertEvents}, which marks their days stale), {@link UsageRollups} rolls up
 * what is due, and {@link UsageDropSweep#detect} judges every customer with the default rules; on a
 * common-mode day ({@link CommonModeRule}) the alerts of its group are held, as the sweep holds them. A
 * customer alerted on day D is not alerted again for 7 days (the check-in's cooldown: the sweep as
 * of D+7 runs before it ends), so an alert here is what a CSM would have received.
 *
 * common-mode day found is remembered ({@link DetectionCalendar#rememberCommonMode}) and taken as a
 * day off of its group by the days after, as the sweep does.
 *
 * <p>Several lanes (calendars) are judged over the same rollups, each with its own cooldowns and its
 * own memory of common-mode days (a database of its own).
 */
final class DetectionReplay {
  static final int COOLDOWN_DAYS = 7;
  /** The default common-mode rule (10 customers, 50%): a common-mode day's alerts are held, as the sweep holds them. */
  static final CommonModeRule COMMON_MODE = new CommonModeRule(10, 50);

  /** A way of running the detector: a name and the calendar it is given, remembering common-mode days in a store. */
  record Lane(String name, Function<CommonModeDayStore, DetectionCalendar> calendarRemembering) {}

  /** An alert a CSM would have received: lane, customer, evaluated day, lead metric and its drop. */
  record Alert(String lane, String customerId, LocalDate day, String metric, double percentDrop, String details) {}

  private final TestDatabase db;
  private final DataSource dataSource;
  private final UsageStore usage;

  DetectionReplay(TestDatabase db) {
    this.db = db;
    this.dataSource = db.dataSource();
    this.usage = new UsageStore(new Sql(dataSource));
  }

  /** A day of a customer whose events arrived late: the first evaluated day that saw them. */
  record LateDay(String customerId, LocalDate day, LocalDate seenFrom) {}

  /** What a run answers: the alerts by lane, and the customer-days whose events arrived late. */
  record Outcome(Map<String, List<Alert>> alerts, List<LateDay> lateDays) {}

  /** Loads {@code portfolio} and judges every day of its evaluation in every lane. */
  Outcome run(SyntheticPortfolio portfolio, List<Lane> lanes) {
    long start = System.nanoTime();
    TreeMap<LocalDate, List<UsageEventRow>> late = load(portfolio);
    List<LateDay> lateDays = new ArrayList<>();
    late.forEach((seenFrom, events) -> events.stream()
        .map(e -> new LateDay(e.customerId(), e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate(), seenFrom))
        .distinct().forEach(lateDays::add));
    System.out.printf("  loaded %d customers in %.1f s%n", portfolio.accounts().size(), (System.nanoTime() - start) / 1e9);
    DefaultRules rules = new DefaultRules();
    UsageRollups rollups = new UsageRollups(usage, rules);
    Map<String, List<Alert>> alerts = new HashMap<>();
    Map<String, Map<String, LocalDate>> lastAlert = new HashMap<>();
    Map<String, UsageDropSweep> sweeps = new HashMap<>();
    Map<String, DetectionCalendar> calendars = new HashMap<>();
    for (Lane lane : lanes) {
      alerts.put(lane.name(), new ArrayList<>());
      lastAlert.put(lane.name(), new HashMap<>());
      calendars.put(lane.name(), lane.calendarRemembering().apply(
          new CommonModeDayStore(new Sql(db.newDatabase("lane_" + lane.name())))));
      sweeps.put(lane.name(), new UsageDropSweep(usage, rollups, rules, calendars.get(lane.name()), null,
          ApprovalPolicy.DEFAULT, COMMON_MODE, null, 3, 10, 5000));
    }
    long customers = portfolio.accounts().size();
    start = System.nanoTime();
    for (LocalDate day = portfolio.evaluationStart(); !day.isAfter(portfolio.evaluationEnd()); day = day.plusDays(1)) {
      while (!late.isEmpty() && !late.firstKey().isAfter(day)) {
        usage.insertEvents(late.pollFirstEntry().getValue());
      }
      rollups.rollUpFor(day, CustomerScope.all(), progress -> {});
      for (Lane lane : lanes) {
        if (calendars.get(lane.name()).skip(day).isPresent()) {
          continue;
        }
        Map<String, LocalDate> cooling = lastAlert.get(lane.name());
        UsageDropSweep.Detection detection = sweeps.get(lane.name()).detect(day, CustomerScope.all(), customers,
            rules.findEnabled("usage_drop"));
        List<CommonModeDay> commonModeDays = COMMON_MODE.judge(day, detection.tallies());
        calendars.get(lane.name()).rememberCommonMode(day, commonModeDays);
        for (UsageDropAlert alert : detection.alerts()) {
          if (CommonModeRule.holds(commonModeDays, detection.alertCountries().get(alert.customerId()))) {
            continue;
          }
          LocalDate last = cooling.get(alert.customerId());
          if (last != null && day.toEpochDay() - last.toEpochDay() <= COOLDOWN_DAYS) {
            continue;
          }
          cooling.put(alert.customerId(), day);
          alerts.get(lane.name()).add(new Alert(lane.name(), alert.customerId(), day, alert.primaryDrop().metricType(),
              alert.primaryDrop().percentDrop(), alert.drops().stream()
                  .map(d -> "%s%s %.1f vs %.1f (-%.0f%%) [%s]".formatted(d.metricType(),
                      d.featureId() == null ? "" : "/" + d.featureId(), d.currentValue(), d.baselineValue(), d.percentDrop(),
                      d.evidence()))
                  .toList().toString()));
        }
      }
    }
    System.out.printf("  judged %s to %s in %.1f s%n", portfolio.evaluationStart(), portfolio.evaluationEnd(),
        (System.nanoTime() - start) / 1e9);
    return new Outcome(alerts, lateDays);
  }

  /**
   * Stores the customers and every event that arrives in time with COPY (the fast path for history),
   * and answers the late events by the first day whose evaluation sees them.
   */
  private TreeMap<LocalDate, List<UsageEventRow>> load(SyntheticPortfolio portfolio) {
    TreeMap<LocalDate, List<UsageEventRow>> late = new TreeMap<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute(
          "INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
      var copy = connection.unwrap(PGConnection.class).getCopyAPI();
      StringBuilder customers = new StringBuilder();
      for (SyntheticPortfolio.Account account : portfolio.accounts()) {
        customers.append(account.id()).append('\t').append(account.id()).append("\t100000\t").append(account.segment())
            .append("\tna\tsarah\tJo\tjo@example.com\n");
      }
      copy.copyIn("COPY customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) FROM STDIN",
          new StringReader(customers.toString()));
      StringBuilder events = new StringBuilder();
      int[] serial = {0};
      for (SyntheticPortfolio.Account account : portfolio.accounts()) {
        portfolio.events(account, e -> {
          String id = e.customerId() + "-" + serial[0]++;
          if (e.seenFrom().equals(e.day())) {
            events.append(id).append('\t').append(e.customerId()).append('\t').append(e.userId()).append('\t')
                .append(e.type()).append('\t').append(e.featureId() == null ? "\\N" : e.featureId()).append('\t')
                .append(e.day()).append(" 14:00:00+00\n");
          } else {
            late.computeIfAbsent(e.seenFrom(), d -> new ArrayList<>()).add(new UsageEventRow(id, e.customerId(), e.userId(),
                e.type(), e.featureId(), e.day().atTime(14, 0).toInstant(ZoneOffset.UTC)));
          }
        });
        if (events.length() > 8_000_000) {
          copyEvents(copy, events);
        }
      }
      copyEvents(copy, events);
      connection.createStatement().execute("ANALYZE");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return late;
  }

  private static void copyEvents(org.postgresql.copy.CopyManager copy, StringBuilder events)
      throws SQLException, IOException {
    copy.copyIn("COPY usage_events (event_id, customer_id, user_id, event_type, feature_id, occurred_at) FROM STDIN",
        new StringReader(events.toString()));
    events.setLength(0);
  }
}
