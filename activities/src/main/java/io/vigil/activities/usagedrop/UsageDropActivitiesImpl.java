package io.vigil.activities.usagedrop;

import io.micronaut.transaction.annotation.Transactional;
import io.vigil.activities.common.AlertSnoozes;
import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.Links;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.activities.tickets.TicketMentions;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.HealthScoreRepository;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TriggerEventRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.slack.SlackBlocks.Buttons;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropActivities;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import jakarta.inject.Singleton;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Singleton
public class UsageDropActivitiesImpl implements UsageDropActivities {
  /** Cloned per use (a NumberFormat is not thread-safe): cheaper than asking the locale providers each time. */
  private static final NumberFormat ARR = NumberFormat.getCurrencyInstance(Locale.US);
  private final AlertSnoozes snoozes;
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final RiskSignalRepository riskSignals;
  private final TriggerEventRepository triggerEvents;
  private final HealthScoreRepository health;
  private final Drafts drafts;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;
  private final TicketMentions tickets;
  private final Clock clock;

  public UsageDropActivitiesImpl(Lookups lookups, RiskSignalRepository riskSignals, TriggerEventRepository triggerEvents, HealthScoreRepository health, Drafts drafts,
      Deliveries deliveries, Templates templates, Links links, ActivityLog log, TicketMentions tickets, Clock clock, DmButtons dmButtons, AlertSnoozes snoozes) {
    this.snoozes = snoozes;
    this.dmButtons = dmButtons;
    this.tickets = tickets;
    this.lookups = lookups;
    this.riskSignals = riskSignals;
    this.triggerEvents = triggerEvents;
    this.health = health;
    this.drafts = drafts;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
    this.clock = clock;
  }

  /** The signal and its log line commit together: a retry after the commit finds both and adds neither. */
  @Override
  @Transactional
  public long recordRiskSignal(String key, UsageDropAlert alert) {
    MetricDrop primary = alert.primaryDrop();
    Map<String, Object> metadata = new LinkedHashMap<>(explain(primary));
    metadata.put("summary", primary.summary());
    metadata.put("asOf", alert.asOf().toString());
    metadata.put("triggerId", alert.triggerId());
    metadata.put("workflowId", workflowId());
    metadata.put("drops", alert.drops().stream().map(UsageDropActivitiesImpl::explain).toList());
    long id = riskSignals.insertOnce(key, alert.customerId(), "usage_anomaly", alert.severity().label(), log.toJson(metadata));
    log.append(key, alert.customerId(), workflowId(), "risk_signal_created",
        Map.of("riskSignalId", id, "severity", alert.severity().label(), "summary", primary.summary()));
    return id;
  }

  /** The event and its log line commit together, as {@link #recordRiskSignal}. */
  @Override
  @Transactional
  public void recordTriggerEvent(String key, UsageDropAlert alert, TriggerOutcome outcome, String reason) {
    triggerEvents.insertOnce(key, alert.triggerId(), alert.customerId(), workflowId(), outcome.label(), reason);
    log.append(key, alert.customerId(), workflowId(), outcome.logAction(),
        Map.of("triggerId", alert.triggerId(), "asOf", alert.asOf().toString(), "severity", alert.severity().label(),
            "summary", alert.primaryDrop().summary(), "reason", reason));
  }

  /**
   * Reads what the DM needs in one transaction ({@link #alertDm}), then delivers it outside any: the
   * delivery commits its claim before the send and its outcome after it (its exactly-once).
   */
  @Override
  public Delivery notifyCsm(String key, UsageDropAlert alert) {
    AlertDm dm = alertDm(key, alert);
    if (dm.snoozed().isPresent()) {
      return dm.snoozed().get();
    }
    Customer customer = dm.customer();
    String text = templates.render("usage-drop-slack-alert", dm.context()).body();
    Delivery delivery = deliveries.toUser(key, dm.csm(), customer.id(), "Usage alert: " + customer.name(), text,
        workflowId(), dm.buttons());
    log.append(key, customer.id(), workflowId(), "csm_notified",
        Map.of("csmId", dm.csm().id(), "channel", delivery.channel(), "status", delivery.status()));
    return delivery;
  }

  /** The alert DM's reads: a snooze holding it (then nothing else), or what its text and buttons need. */
  record AlertDm(Optional<Delivery> snoozed, Customer customer, User csm, Map<String, Object> context, Buttons buttons) {}

  /**
   * The snooze, the customer, the CSM, the text's figures and the signal for the Snooze button in one
   * transaction instead of six (issue 12: a parked check-in's commits); a snooze's log line commits
   * with it. Intercepted when called from {@link #notifyCsm} too: Micronaut's advice is the bean's subclass.
   */
  @Transactional
  AlertDm alertDm(String key, UsageDropAlert alert) {
    Optional<Delivery> snoozed = snoozes.held(key, workflowId());
    if (snoozed.isPresent()) {
      return new AlertDm(snoozed, null, null, null, null);
    }
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    return new AlertDm(snoozed, customer, csm, context(alert, customer, csm), dmButtons.alert(customer.id(), key));
  }

  @Override
  public Delivery emailCsmUrgently(String key, UsageDropAlert alert) {
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    var email = templates.render("usage-drop-urgent-email", context(alert, customer, csm));
    Delivery delivery = deliveries.email(key, null, csm.email(), customer.id(), email.subject(), email.body(), workflowId(), false);
    log.append(key, customer.id(), workflowId(), "csm_emailed_urgently",
        Map.of("to", csm.email(), "status", delivery.status()));
    return delivery;
  }

  /**
   * The reads, the approval row and its log line in one transaction (nothing here leaves the database),
   * so a retry after the commit finds the row it inserted and logs nothing twice.
   */
  @Override
  @Transactional
  public DraftRef draftCheckinEmail(String key, UsageDropAlert alert, List<String> meetingSlots) {
    Customer customer = lookups.customer(alert.customerId());
    User csm = lookups.user(customer.csmId());
    Map<String, Object> context = context(alert, customer, csm);
    List<String> slots = Drafts.offerSlots(context, customer, meetingSlots);
    var email = templates.render("usage-drop-checkin-email", context);
    return drafts.hold(new Drafts.Draft(key, workflowId(), customer, csm, ApprovalKind.USAGE_DROP_CHECKIN, email),
        Map.of("subject", email.subject(), "meetingSlots", slots.size()));
  }

  private Map<String, Object> context(UsageDropAlert alert, Customer customer, User csm) {
    MetricDrop primary = alert.primaryDrop();
    int score = customer.healthScore();
    // a week before the day the score is as of (the health model's newest day), not before today
    LocalDate scoredOn = customer.healthAsOf() != null ? customer.healthAsOf() : LocalDate.now(clock.withZone(ZoneOffset.UTC));
    int weekAgo = health.scoreOn(customer.id(), scoredOn.minusDays(7));
    int change = score - weekAgo;
    Map<String, Object> context = new HashMap<>();
    context.put("customer_name", customer.name());
    context.put("champion_name", customer.championName());
    context.put("product_name", customer.productName() == null ? "our platform" : customer.productName());
    context.put("csm_name", csm.name());
    context.put("arr", ((NumberFormat) ARR.clone()).format(customer.arr()).replace(".00", ""));
    context.put("health_score", score);
    context.put("health_change", change == 0 ? "no change" : (change < 0 ? "↓" : "↑") + Math.abs(change));
    context.put("severity", alert.severity().label());
    context.put("as_of", alert.asOf().toString());
    context.put("drop_summary", primary.summary());
    context.put("other_drops", alert.drops().stream().skip(1).map(MetricDrop::summary).toList());
    context.put("comparison", primary.comparison());
    context.put("view_customer_url", links.customer(customer.id()));
    context.put("draft_url", links.pendingApprovals(customer.id()));
    context.put("schedule_url", Links.scheduleCall("Check-in: " + customer.name()));
    // read when the step runs, so a retried or later step names the tickets open then
    TicketMentions.Mentions open = tickets.open(customer.id());
    context.put("open_tickets", open.lines());
    context.put("open_tickets_slack", open.slackLines());
    context.put("open_ticket_count", open.total());
    context.put("open_tickets_more", open.more());
    return context;
  }

  private static Map<String, Object> explain(MetricDrop drop) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metricType", drop.metricType());
    if (drop.featureId() != null) {
      m.put("featureId", drop.featureId());
    }
    m.put("currentValue", drop.currentValue());
    m.put("baselineValue", drop.baselineValue());
    m.put("percentChange", -drop.percentDrop());
    m.put("percentDrop", drop.percentDrop());
    m.put("severity", drop.severity().label());
    m.put("period", Map.of("start", drop.periodStart().toString(), "end", drop.periodEnd().toString()));
    m.put("baselinePeriod", Map.of("start", drop.baselineStart().toString(), "end", drop.baselineEnd().toString()));
    if (drop.evidence() != null) {
      m.put("evidence", drop.evidence());
    }
    return m;
  }
}
