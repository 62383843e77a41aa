package io.vigil.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.ActivityLogEntry;
import io.vigil.infra.persistence.ActivityLogRepository;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerDetails;
import io.vigil.infra.persistence.CustomerDetails.UsageDay;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.RiskSignal;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.Task;
import io.vigil.infra.persistence.TaskRepository;
import io.vigil.infra.persistence.TicketStore;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer as the CSM needs it (PRD-086 5.2): health with its components and trend, 90 days of
 * DAU/WAU/MAU with the baseline and each detected drop marked, risk signals with their status,
 * tickets, survey answers, the activity timeline and a link to each of its workflows in Temporal's
 * Web UI. The caller's scope is checked by the controller before this is read.
 */
@Singleton
public class CustomerPage {
  static final int USAGE_DAYS = 90;
  /** The baseline drawn on the chart: average DAU of the four weeks before the last one, as the detector's comparison. */
  static final int BASELINE_DAYS = 28;
  static final int RECENT_DAYS = 7;
  private static final int LIST = 20;

  private final HealthStore health;
  private final CustomerDetails details;
  private final RiskSignalRepository signals;
  private final TicketStore tickets;
  private final ActivityLogRepository activity;
  private final ApprovalRepository approvals;
  private final TaskRepository tasks;
  private final UserRepository users;
  private final ObjectMapper json;
  private final Clock clock;
  private final String temporalUi;
  private final String namespace;

  public CustomerPage(HealthStore health, CustomerDetails details, RiskSignalRepository signals, TicketStore tickets,
      ActivityLogRepository activity, ApprovalRepository approvals, TaskRepository tasks, UserRepository users,
      ObjectMapper json, Clock clock, @Value("${vigil.temporal-ui-url:`http://localhost:8233`}") String temporalUi,
      @Value("${temporal.namespace:default}") String namespace) {
    this.health = health;
    this.details = details;
    this.signals = signals;
    this.tickets = tickets;
    this.activity = activity;
    this.approvals = approvals;
    this.tasks = tasks;
    this.users = users;
    this.json = json;
    this.clock = clock;
    this.temporalUi = temporalUi.replaceAll("/+$", "");
    this.namespace = namespace;
  }

  public record Component(String name, String score) {}

  public record Health(Integer score, String bandName, PageFormat.Trend trend, String asOf, List<Component> components,
      String mostImpactful, List<String> weekly) {}

  public record Signal(String type, String severity, String status, String summary, String detected, String closed) {}

  public record Ticket(String subject, String status, String priority, String category, String opened) {}

  public record Answer(String type, int score, String comment, String when) {}

  public record Step(String action, String when, String workflowId) {}

  public record Workflow(String id, String url) {}

  public record View(String id, String name, String arr, String segment, String csm, String plan, String seats,
      String renewal, Health health, String usageJson, List<UsageDay> usage, String baseline, List<String> drops,
      List<Signal> signals, List<Ticket> tickets, int openTickets, List<Answer> answers, List<Step> timeline,
      List<Workflow> workflows) {}

  public View of(Customer c) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    List<UsageDay> usage = details.usage(c.id(), today.minusDays(USAGE_DAYS), today);
    List<RiskSignal> customerSignals = signals.search(c.id(), null, null, null, null, null, 100);
    List<String> drops = customerSignals.stream().filter(s -> "usage_anomaly".equals(s.type()))
        .map(s -> PageFormat.field(s.metadata(), "asOf")).filter(d -> !d.isEmpty()).distinct().sorted().toList();
    Double baseline = baseline(usage);
    List<ActivityLogEntry> log = activity.findByCustomer(c.id(), null, null, 1000);
    List<ActivityLogEntry> recent = new ArrayList<>(log.subList(Math.max(0, log.size() - LIST), log.size()));
    java.util.Collections.reverse(recent);
    TicketStore.TicketsOf open = tickets.openOf(c.id(), LIST);
    return new View(c.id(), c.name(), PageFormat.money(c.arr()), c.segment(),
        users.findById(c.csmId()).map(User::name).orElse(c.csmId()), c.plan() == null ? "" : c.plan(),
        c.seats() == null ? "" : String.valueOf(c.seats()), c.renewalDate() == null ? "" : c.renewalDate().toString(),
        health.latest(c.id()).map(this::health).orElse(null),
        chart(usage, baseline, drops), usage, baseline == null ? "" : String.valueOf(Math.round(baseline)), drops,
        customerSignals.stream().limit(LIST).map(s -> new Signal(PageFormat.label(s.type()), s.severity(), s.status(),
            PageFormat.field(s.metadata(), "summary"), PageFormat.when(s.createdAt()), closed(s))).toList(),
        open.newest().stream().map(t -> new Ticket(t.subject(), t.status(), t.priority() == null ? "" : t.priority(),
            PageFormat.label(t.category()), PageFormat.when(t.openedAt()))).toList(), open.total(),
        details.surveys(c.id(), LIST).stream().map(a -> new Answer(a.type().toUpperCase(), a.score(),
            a.comment() == null ? "" : a.comment(), PageFormat.when(a.respondedAt()))).toList(),
        recent.stream().map(e -> new Step(PageFormat.label(e.action()), PageFormat.when(e.createdAt()),
            e.workflowId())).toList(),
        workflows(c.id(), customerSignals, log));
  }

  private Health health(DailyHealth day) {
    List<Component> components = List.of(component("Engagement", day.engagement()), component("Sentiment", day.sentiment()),
        component("Growth", day.growth()));
    List<String> weekly = new ArrayList<>();
    for (DailyHealth point : health.history(day.customerId(), day.asOf().minusDays(27), day.asOf())) {
      if (point.score() != null && (day.asOf().toEpochDay() - point.asOf().toEpochDay()) % 7 == 0) {
        weekly.add(point.asOf() + ": " + point.score());
      }
    }
    return new Health(day.score(), day.band(), PageFormat.trend(day.trend()), day.asOf().toString(), components,
        day.mostImpactful(), weekly);
  }

  private static Component component(String name, BigDecimal score) {
    return new Component(name, score == null ? "no data" : score.setScale(0, RoundingMode.HALF_UP).toPlainString());
  }

  private static Double baseline(List<UsageDay> usage) {
    if (usage.size() < RECENT_DAYS + BASELINE_DAYS) {
      return null;
    }
    List<UsageDay> window = usage.subList(usage.size() - RECENT_DAYS - BASELINE_DAYS, usage.size() - RECENT_DAYS);
    return window.stream().mapToInt(UsageDay::dau).average().orElse(0);
  }

  /** The chart's data, for the page's script: days as epoch seconds, the series, the baseline and the drop days. */
  private String chart(List<UsageDay> usage, Double baseline, List<String> drops) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("days", usage.stream().map(d -> d.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toList());
    data.put("dau", usage.stream().map(UsageDay::dau).toList());
    data.put("wau", usage.stream().map(UsageDay::wau).toList());
    data.put("mau", usage.stream().map(UsageDay::mau).toList());
    data.put("baseline", baseline);
    data.put("drops", drops.stream().map(d -> LocalDate.parse(d).atStartOfDay(ZoneOffset.UTC).toEpochSecond()).toList());
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String closed(RiskSignal s) {
    if (s.closedAt() == null) {
      return s.acknowledgedAt() == null ? "" : "acknowledged by " + s.ownerId() + " at " + PageFormat.when(s.acknowledgedAt());
    }
    String why = "resolved".equals(s.status()) ? s.outcome() : s.dismissReason();
    return s.status() + " by " + s.closedBy() + " at " + PageFormat.when(s.closedAt()) + (why == null ? "" : ": " + why);
  }

  /** Every workflow that acted on the customer, newest first, each linked to its page in Temporal's Web UI. */
  private List<Workflow> workflows(String customerId, List<RiskSignal> customerSignals, List<ActivityLogEntry> log) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = log.size() - 1; i >= 0; i--) {
      if (log.get(i).workflowId() != null) {
        ids.add(log.get(i).workflowId());
      }
    }
    customerSignals.stream().map(s -> PageFormat.field(s.metadata(), "workflowId")).filter(w -> !w.isEmpty()).forEach(ids::add);
    approvals.search(null, customerId, null, null, null, 50).stream().map(Approval::workflowId).forEach(ids::add);
    tasks.search(null, customerId, null, null, null, 50).stream().map(Task::workflowId)
        .filter(w -> w != null).forEach(ids::add);
    return ids.stream().map(id -> new Workflow(id, temporalUi + "/namespaces/"
        + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/workflows/"
        + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"))).toList();
  }
}
