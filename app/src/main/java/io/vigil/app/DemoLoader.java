package io.vigil.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.vigil.activities.detection.DetectionCalendar;
import io.vigil.activities.detection.UsageDropSweep;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.vigil.activities.health.HealthScoring;
import io.vigil.app.incidents.IncidentIntake;
import io.vigil.app.security.ApiTokens;
import io.vigil.app.security.SigninLinks;
import io.vigil.app.security.Roles;
import io.vigil.app.surveys.DemoSurveys;
import io.vigil.app.tickets.DemoTickets;
import io.vigil.infra.persistence.ApiTokenRepository;
import io.vigil.workflows.incident.IncidentUpdate;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.infra.persistence.UserRepository;
import io.vigil.app.roles.Role;
import jakarta.inject.Singleton;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.report.IsoWeek;
import io.vigil.workflows.report.WeeklyReportWorkflow;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/vigil-dev --demo}: a small portfolio with 90 days of usage, normal rhythms (weekends,
 * month-end peaks, slow growth) and two real drops, seats and 100 days of account history, then one
 * sweep, four weeks of health scores to the sweep's day, a P1 incident on the api and reports
 * components that most of the portfolio uses, support tickets ({@link DemoTickets}) and survey answers
 * ({@link DemoSurveys}). The story the health playbooks tell, from the sweep's day only: Globex, shrinking
 * and its usage down 85%, is a churn risk; Acme, its usage down 45% (a drop, not yet a churn cause), is
 * at risk; Wayne Enterprises uses all 12 of its seats every day and is ready for expansion, while Stark
 * Industries grows with room left in its 80 seats. Event, ticket and response ids are fixed, so a
 * second run adds nothing.
 */
@Singleton
@Requires(property = "vigil.demo", value = "true")
@Requires(property = Role.PROPERTY, notEquals = "worker")
public class DemoLoader {
  private static final Logger LOG = LoggerFactory.getLogger(DemoLoader.class);
  private static final List<String> FEATURES = List.of("dashboards", "reports", "api", "alerts");
  /** Long enough to read the startup log and open a link; a new one: restart the demo or ask the API. */
  private static final Duration DEMO_LINK_TTL = Duration.ofMinutes(60);

  /**
   * id, name, ARR, segment, CSM, champion, users, pattern; licensed seats, and ARR and seats 100 days
   * ago (the account history health's growth compares with).
   */
  private record DemoCustomer(String id, String name, int arr, String segment, String csmId, String champion,
      int users, String pattern, int seats, int arrBefore, int seatsBefore, double alertsUse) {}

  /*
   * The last figure multiplies how often a user uses alerts: shaped so that the customers who use
   * alerts more also gave higher CSAT, for GET /api/insights/satisfaction-drivers to find (docs/insights.md).
   */
  private static final List<DemoCustomer> CUSTOMERS = List.of(
      new DemoCustomer("acme", "Acme Corp", 150_000, "enterprise", "sarah", "Jordan Lee", 60, "drop45", 75, 150_000, 75, 0.5),
      new DemoCustomer("globex", "Globex", 95_000, "enterprise", "sarah", "Priya Patel", 45, "critical", 80, 120_000, 100,
          1.2),
      new DemoCustomer("initech", "Initech", 40_000, "mid-market", "marcus", "Bill Lumbergh", 30, "steady", 35,
          40_000, 35, 1.3),
      new DemoCustomer("umbrella", "Umbrella Health", 70_000, "mid-market", "marcus", "Alice Abernathy", 35, "steady",
          40, 70_000, 40, 1.0),
      new DemoCustomer("hooli", "Hooli", 210_000, "enterprise", "sarah", "Gavin Belson", 80, "month-end", 90, 190_000, 85,
          1.4),
      new DemoCustomer("stark", "Stark Industries", 120_000, "enterprise", "marcus", "Pepper Potts", 50, "growth", 80,
          90_000, 40, 1.8),
      new DemoCustomer("wayne", "Wayne Enterprises", 30_000, "smb", "marcus", "Lucius Fox", 12, "steady", 12, 30_000, 12,
          1.6),
      new DemoCustomer("wonka", "Wonka Industries", 18_000, "smb", "sarah", "Charlie Bucket", 8, "steady", 10, 18_000, 10,
          0.8),
      new DemoCustomer("soylent", "Soylent Foods", 26_000, "smb", "marcus", "Sol Roth", 14, "steady", 25, 26_000, 25, 1.7),
      new DemoCustomer("cyberdyne", "Cyberdyne Systems", 85_000, "mid-market", "sarah", "Miles Dyson", 32, "steady", 45,
          85_000, 45, 0.9));
  /** Days of health scored before the sweep's day, so that the trend has its four weeks. */
  private static final int HEALTH_DAYS_BEFORE = 27;

  private final UserRepository users;
  private final CustomerRepository customers;
  private final UsageStore usage;
  private final UsageDropSweep sweep;
  private final DetectionCalendar calendar;
  private final Clock clock;
  private final IncidentIntake intake;
  private final ApiTokens tokens;
  private final ApiTokenRepository tokenRows;
  private final DemoTickets tickets;
  private final DemoSurveys surveys;
  private final HealthScoring health;
  private final WorkflowClient temporal;
  private final RiskSignalRepository riskSignals;
  private final SigninLinks signinLinks;

  public DemoLoader(UserRepository users, CustomerRepository customers, UsageStore usage, UsageDropSweep sweep,
      DetectionCalendar calendar, Clock clock, IncidentIntake intake, ApiTokens tokens, ApiTokenRepository tokenRows,
      DemoTickets tickets, DemoSurveys surveys, HealthScoring health, WorkflowClient temporal,
      RiskSignalRepository riskSignals, SigninLinks signinLinks) {
    this.signinLinks = signinLinks;
    this.temporal = temporal;
    this.riskSignals = riskSignals;
    this.tickets = tickets;
    this.surveys = surveys;
    this.health = health;
    this.tokens = tokens;
    this.tokenRows = tokenRows;
    this.users = users;
    this.customers = customers;
    this.usage = usage;
    this.sweep = sweep;
    this.calendar = calendar;
    this.clock = clock;
    this.intake = intake;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    new Thread(this::load, "demo-loader").start();
  }

  void load() {
    LocalDate asOf = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
    // the demo customers are in the US: a day they have off shows no drop, so show the last one they worked
    while (calendar.skipReason(asOf).isPresent() || calendar.isPublicHoliday("US", asOf)) {
      asOf = asOf.minusDays(1);
    }
    LocalDate first = asOf.minusDays(89);
    users.upsert("maria", "Maria Gomez", "maria.gomez@example.com", "manager", null, null);
    users.upsert("sarah", "Sarah Chen", "sarah.chen@example.com", "csm", "maria", "U0SARAH");
    users.upsert("marcus", "Marcus Diaz", "marcus.diaz@example.com", "csm", "maria", "U0MARCUS");
    printTokens();
    printSigninLinks();
    for (DemoCustomer c : CUSTOMERS) {
      String email = c.champion().toLowerCase().replace(' ', '.') + "@" + c.id() + ".example.com";
      // the account as it stood 100 days ago, then as it stands now: growth compares the two
      customers.upsert(c.id(), c.name(), BigDecimal.valueOf(c.arrBefore()), c.segment(), "na", c.csmId(), c.champion(),
          email, "Vigil Analytics", "America/New_York");
      customers.setAccount(c.id(), c.seatsBefore(), c.segment().equals("smb") ? "team" : "business",
          first.minusDays(300), first.plusDays(65));
      customers.recordAccount(c.id(), first.minusDays(10));
      customers.upsert(c.id(), c.name(), BigDecimal.valueOf(c.arr()), c.segment(), "na", c.csmId(), c.champion(), email,
          "Vigil Analytics", "America/New_York");
      customers.setCountry(c.id(), "US");
      customers.setAccount(c.id(), c.seats(), null, null, first.plusDays(430));
      // as of a month ago, before the four weeks of health: the trend compares like with like, and the
      // seats of the last 14 days (the expansion rule's) are today's
      customers.recordAccount(c.id(), asOf.minusDays(30));
      List<UsageEventRow> events = new ArrayList<>();
      Random random = new Random(c.id().hashCode());
      for (LocalDate day = first; !day.isAfter(asOf); day = day.plusDays(1)) {
        events.addAll(dayOfUsage(c, day, asOf, random));
        if (events.size() > 5_000) {
          usage.insertEvents(events);
          events.clear();
        }
      }
      usage.insertEvents(events);
    }
    usage.rollUp(null, first, asOf);
    int supportTickets = tickets.load(asOf);
    int surveyResponses = surveys.load(asOf);
    UsageDropSweep.Result result = sweep.run(asOf, null);
    awaitDropSignals(result);
    // four weeks of history, then the sweep's day, which alone starts the playbooks on health (a
    // backfill's history never does): the drops' risk signals, recorded by the check-ins just started,
    // are inputs of that day
    health.backfill(asOf.minusDays(HEALTH_DAYS_BEFORE), asOf);
    var incident = intake.accept(new IncidentUpdate("generic", "DEMO-" + asOf, "demo-" + asOf,
        asOf.atTime(15, 0).toInstant(ZoneOffset.UTC), "API latency in the reporting pipeline", null, "P1",
        "investigating", List.of("api", "reports"), List.of(), asOf.atTime(14, 30).toInstant(ZoneOffset.UTC), null,
        null));
    awaitHealthPlaybooks();
    IsoWeek week = IsoWeek.of(asOf);
    // the week's report, as the Friday schedule would run it (a restarted demo finds it stored and delivered)
    try {
      WorkflowClient.start(temporal.newWorkflowStub(WeeklyReportWorkflow.class, WorkflowOptions.newBuilder()
          .setWorkflowId(WeeklyReportWorkflow.workflowId(week)).setTaskQueue(TaskQueues.PLAYBOOKS).build())::run,
          week.toString());
    } catch (WorkflowExecutionAlreadyStarted running) {
      LOG.info("The weekly report of {} is already running", week);
    }
    LOG.info("Demo loaded: {} customers, 90 days to {}, {} support tickets, {} survey responses; the sweep found {} "
            + "drop signals, incident {} is open and the weekly report of {} is on its way. Try "
            + "GET /api/approvals?status=pending, GET /api/health/summary, GET /api/incidents/{}/customers, "
            + "GET /api/tickets, GET /api/insights/nps, GET /api/insights/satisfaction-drivers, GET /api/insights/expansion and GET /api/reports/weekly?week={}",
        CUSTOMERS.size(), asOf,
        supportTickets, surveyResponses, result.signals().size(), incident.incidentId(), week, incident.incidentId(), week);
  }

  /**
   * The check-ins the sweep just started record their drop's risk signal in their first step; the
   * health of the sweep's day reads it, so it waits for them (a minute at most: a worker that is not
   * polling yet leaves the day scored from usage alone).
   */
  private void awaitDropSignals(UsageDropSweep.Result result) {
    List<String> started = result.signals().stream().filter(s -> !s.suppressed()).map(UsageDropSweep.Signal::customerId)
        .distinct().toList();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    for (String customerId : started) {
      while (riskSignals.search(customerId, "usage_anomaly", null, null, null, null, 1).isEmpty()) {
        if (System.nanoTime() > deadline) {
          LOG.warn("The check-in of {} has not recorded its drop yet; its health is scored without it", customerId);
          break;
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * The playbooks the health of the sweep's day started record their signals in their first step;
   * the week's report, compiled once and kept, should count them. Waits until the count of those
   * signals has not moved for fifteen seconds (two minutes at most): on a busy machine a workflow
   * started last records its signal seconds after the others.
   */
  private void awaitHealthPlaybooks() {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int seen = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      int now = 0;
      for (String type : List.of("at_risk", "churn_risk", "expansion_opportunity")) {
        now += riskSignals.search(null, type, null, null, null, null, 1_000).size();
      }
      if (now != seen) {
        seen = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofSeconds(15).toNanos()) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * One token per demo user and one integration token, reissued on every demo start (the previous
   * ones are revoked), printed so a newcomer can try each role with curl.
   */
  private void printTokens() {
    StringBuilder table = new StringBuilder("\nDemo API tokens (each replaces the one printed at the last demo start):\n");
    table.append(String.format("  %-8s %-12s %s%n", "user", "role", "token"));
    for (String[] who : new String[][] {{"maria", "manager"}, {"sarah", "csm"}, {"marcus", "csm"}, {null, "integration"}}) {
      String name = "demo " + (who[0] == null ? "integration" : who[0]);
      tokenRows.revokeByName(name);
      String secret = tokens.issue(name, who[0], who[0] == null ? Roles.INTEGRATION : null, null, "demo").secret();
      table.append(String.format("  %-8s %-12s %s%n", who[0] == null ? "-" : who[0], who[1], secret));
    }
    table.append("  try: curl -s localhost:8080/api/approvals?status=pending -H \"Authorization: Bearer <token>\"");
    LOG.info(table.toString());
  }

  /** A one-time browser sign-in link per demo user, so the dashboard can be tried without an identity provider. */
  private void printSigninLinks() {
    StringBuilder table = new StringBuilder("\nDemo sign-in links (open one in a browser; each signs in once, within "
        + DEMO_LINK_TTL.toMinutes() + " minutes):\n");
    for (String[] who : new String[][] {{"maria", "manager"}, {"sarah", "csm"}, {"marcus", "csm"}}) {
      table.append(String.format("  %-8s %-12s %s%n", who[0], who[1], signinLinks.issue(who[0], "demo", DEMO_LINK_TTL).url()));
    }
    table.append("  more: curl -s -XPOST localhost:8080/api/users/sarah/signin-links -H \"Authorization: Bearer <admin token>\"");
    LOG.info(table.toString());
  }

  private static List<UsageEventRow> dayOfUsage(DemoCustomer c, LocalDate day, LocalDate asOf, Random random) {
    boolean weekend = day.getDayOfWeek().getValue() >= 6;
    boolean recentWeek = !day.isBefore(asOf.minusDays(6));
    double activity = weekend ? 0.12 : 0.8;
    int activeUsers = c.users();
    switch (c.pattern()) {
      case "drop45" -> activity *= recentWeek ? 0.55 : 1;
      case "critical" -> activity *= recentWeek ? 0.15 : 1;
      case "month-end" -> activity *= day.getDayOfMonth() >= day.lengthOfMonth() - 2 ? 1.25 : 1;
      case "growth" -> activeUsers = (int) Math.round(c.users() * (0.85 + 0.15 * day.getDayOfYear() % 90 / 90.0));
      default -> { }
    }
    List<UsageEventRow> events = new ArrayList<>();
    for (int u = 0; u < activeUsers; u++) {
      if (random.nextDouble() >= activity) {
        continue;
      }
      String user = c.id() + "-user-" + u;
      String prefix = "demo-" + c.id() + "-" + day + "-" + u;
      var at = day.atTime(9 + random.nextInt(8), random.nextInt(60)).toInstant(ZoneOffset.UTC);
      events.add(new UsageEventRow(prefix + "-login", c.id(), user, "login", null, at));
      events.add(new UsageEventRow(prefix + "-session", c.id(), user, "session", null, at.plusSeconds(5)));
      for (int f = 0; f < FEATURES.size(); f++) {
        String feature = FEATURES.get(f);
        double chance = (0.5 - f * 0.1) * ("alerts".equals(feature) ? c.alertsUse() : 1);
        if (random.nextDouble() < chance) {
          events.add(new UsageEventRow(prefix + "-" + feature, c.id(), user, "feature_used", feature, at.plusSeconds(60 + f)));
        }
      }
    }
    return events;
  }
}
