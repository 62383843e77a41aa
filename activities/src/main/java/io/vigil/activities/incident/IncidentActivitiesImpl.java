package io.vigil.activities.incident;

import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.ProviderFailures;
import io.vigil.activities.common.Links;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.activities.tickets.TicketMentions;
import io.vigil.infra.DeliveryFailure;
import io.vigil.activities.common.TaskActivitiesImpl;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.IncidentStore;
import io.vigil.infra.persistence.ProductIncident;
import io.vigil.infra.persistence.TicketStore;
import io.vigil.infra.persistence.User;
import io.vigil.infra.slack.SlackGateway;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.incident.AppliedUpdate;
import io.vigil.workflows.incident.CsmPage;
import io.vigil.workflows.incident.DraftPage;
import io.vigil.workflows.incident.ImpactSummary;
import io.vigil.workflows.incident.ImpactedCustomer;
import io.vigil.workflows.incident.IncidentActivities;
import io.vigil.workflows.incident.IncidentResponseWorkflow;
import io.vigil.workflows.incident.IncidentSeverity;
import io.vigil.workflows.incident.IncidentSnapshot;
import io.vigil.workflows.incident.IncidentUpdate;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Singleton
public class IncidentActivitiesImpl implements IncidentActivities {
  private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("MMM d, HH:mm 'UTC'", Locale.US);
  private static final Map<String, String> LEVEL_EMOJI =
      Map.of("high", ":rotating_light:", "medium", ":warning:", "low", ":large_blue_circle:");

  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final IncidentStore store;
  private final IncidentRepository incidents;
  private final Drafts drafts;
  private final Deliveries deliveries;
  private final SlackGateway slack;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;
  private final ApprovalRepository approvals;
  private final TaskActivitiesImpl tasks;
  private final TicketMentions tickets;

  public IncidentActivitiesImpl(Lookups lookups, IncidentStore store, IncidentRepository incidents, Drafts drafts, Deliveries deliveries, SlackGateway slack, Templates templates,
      Links links, ActivityLog log, ApprovalRepository approvals, TaskActivitiesImpl tasks, TicketMentions tickets, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.tickets = tickets;
    this.approvals = approvals;
    this.tasks = tasks;
    this.lookups = lookups;
    this.store = store;
    this.incidents = incidents;
    this.drafts = drafts;
    this.deliveries = deliveries;
    this.slack = slack;
    this.templates = templates;
    this.links = links;
    this.log = log;
  }

  @Override
  public AppliedUpdate applyUpdate(IncidentUpdate u) {
    var info = Activity.getExecutionContext().getInfo();
    String incidentId = IncidentResponseWorkflow.incidentId(u.source(), u.externalId());
    IncidentStore.Applied applied = store.apply(new IncidentStore.Update(incidentId, u.source(), u.externalId(),
        info.getWorkflowId(), u.updateKey(), u.occurredAt(), u.title(), u.description(), u.severity(), u.status(),
        u.components(), u.regions(), u.startedAt(), u.resolvedAt(), u.statusPageUrl()), info.getRunId());
    log.append(info.getWorkflowId() + "/update/" + u.updateKey(), null, info.getWorkflowId(), "incident_update_" + applied.outcome(),
        Map.of("incidentId", incidentId, "status", String.valueOf(u.status()), "severity", String.valueOf(u.severity()),
            "updateKey", u.updateKey()));
    var s = applied.incident();
    return new AppliedUpdate(applied.outcome(), s == null ? null
        : new IncidentSnapshot(s.id(), s.title(), s.severity(), s.status(), s.components(), s.regions()));
  }

  @Override
  public List<ImpactedCustomer> analyzeImpact(String incidentId) {
    List<IncidentStore.Impact> impacts = store.analyzeImpact(incidentId);
    return impacts.stream().map(i -> new ImpactedCustomer(i.customerId(), i.csmId(), i.impactLevel())).toList();
  }

  @Override
  public ImpactSummary assessImpact(String incidentId) {
    IncidentStore.ImpactCounts counts = store.assessImpact(incidentId);
    return new ImpactSummary(counts.affected(), counts.highImpact(), counts.csms(), counts.totalArr(), counts.lastImpactId(),
        counts.highImpactDigest());
  }

  @Override
  public CsmPage csmsToNotify(String incidentId, long afterImpactId, String afterCsmId, int limit) {
    // one row more than asked says whether another page follows
    List<String> csms = store.csmPage(incidentId, afterImpactId, afterCsmId, limit + 1);
    List<String> page = csms.subList(0, Math.min(limit, csms.size()));
    return new CsmPage(List.copyOf(page), csms.size() > limit ? page.get(page.size() - 1) : null);
  }

  @Override
  public DraftPage holdDrafts(String keyPrefix, String incidentId, ApprovalKind kind, String afterCustomerId, int limit) {
    List<IncidentStore.Impact> customers = store.highImpactPage(incidentId, afterCustomerId, limit + 1);
    List<IncidentStore.Impact> page = customers.subList(0, Math.min(limit, customers.size()));
    List<DraftPage.Drafted> drafted = new ArrayList<>();
    for (IncidentStore.Impact impact : page) {
      Activity.getExecutionContext().heartbeat(impact.customerId());
      DraftRef draft = draftCustomerEmail(keyPrefix + "/" + impact.customerId(), incidentId, impact.customerId(), kind);
      String status = approvals.findById(draft.approvalId()).map(Approval::status).orElse("pending");
      drafted.add(new DraftPage.Drafted(impact.customerId(), draft.approvalId(), draft.approverId(), status));
    }
    return new DraftPage(drafted, customers.size() > limit ? page.get(page.size() - 1).customerId() : null);
  }

  @Override
  public String createFollowUpTasks(String keyPrefix, String incidentId, String afterCustomerId, int limit, Instant dueAt) {
    ProductIncident incident = incident(incidentId);
    List<IncidentStore.Impact> customers = store.highImpactPage(incidentId, afterCustomerId, limit + 1);
    List<IncidentStore.Impact> page = customers.subList(0, Math.min(limit, customers.size()));
    for (IncidentStore.Impact impact : page) {
      tasks.createTask(new NewTask(keyPrefix + "/" + impact.customerId(),
          "Follow up with " + impact.customerId() + " after incident: " + incident.title(),
          "Post-incident follow-up call for a high-impact customer (incident " + incidentId + ").",
          impact.csmId(), impact.customerId(), TaskPriority.HIGH, dueAt, incident.workflowId()));
    }
    return customers.size() > limit ? page.get(page.size() - 1).customerId() : null;
  }

  @Override
  public Delivery notifyCsmOfIncident(String key, String incidentId, String csmId, String change) {
    ProductIncident incident = incident(incidentId);
    User csm = lookups.user(csmId);
    // the customers with their names and ARR in one query: the DM needs nothing else of them
    List<IncidentStore.Impact> theirs = store.impactsOf(incidentId, csmId);
    List<String> customerIds = theirs.stream().map(IncidentStore.Impact::customerId).toList();
    Map<String, TicketStore.TicketsOf> ticketsSince = tickets.sinceStartOf(incident, customerIds);
    List<String> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (IncidentStore.Impact impact : theirs) {
      total = total.add(impact.arr());
      StringBuilder line = new StringBuilder().append(lines.size() + 1).append(". ")
          .append(LEVEL_EMOJI.get(impact.impactLevel())).append(' ').append(impact.customerName()).append(" - ")
          .append(money(impact.arr())).append(" ARR - ").append(capitalize(impact.reason()));
      TicketStore.TicketsOf opened = ticketsSince.get(impact.customerId());
      if (opened != null) {
        TicketMentions.Mentions since = tickets.mentions(opened);
        line.append("\n      Tickets since it started (").append(since.total()).append("):");
        since.slackLines().forEach(ticket -> line.append("\n      • ").append(ticket));
        if (since.more() != null) {
          line.append("\n      • and ").append(since.more());
        }
      }
      lines.add(line.toString());
    }
    Map<String, Object> context = incidentContext(incident);
    context.put("emoji", IncidentSeverity.of(incident.severity()).major() ? ":rotating_light:" : ":warning:");
    context.put("change", change);
    context.put("customer_count", theirs.size());
    context.put("customers", lines);
    context.put("total_arr", money(total));
    context.put("war_room_url", incident.slackChannelId() == null ? null
        : "https://slack.com/app_redirect?channel=" + incident.slackChannelId());
    String text = templates.render("incident-csm-alert", context).body();
    Delivery delivery = deliveries.toUser(key, csmId, customerIds,
        incident.severity() + " incident: " + incident.title(), text, incident.workflowId(), dmButtons.drafts(null));
    if (!customerIds.isEmpty()) {
      incidents.markCsmNotified(incidentId, customerIds);
    }
    log.appendPerCustomer(key, customerIds, incident.workflowId(), "incident_csm_notified",
        Map.of("incidentId", incidentId, "csmId", csm.id(), "severity", incident.severity(), "channel",
            delivery.channel(), "change", change == null ? "first alert" : change));
    return delivery;
  }

  @Override
  public String openCoordinationChannel(String incidentId, List<String> csmIds) {
    ProductIncident incident = incident(incidentId);
    if (!slack.isConnected()) {
      log.append(incident.workflowId() + "/channel", null, incident.workflowId(), "incident_channel_skipped",
          Map.of("incidentId", incidentId, "reason", "Slack is not connected"));
      return null;
    }
    try {
      String channel = incident.slackChannelId() != null ? incident.slackChannelId()
          : slack.createOrFindChannel(channelName(incident));
      incidents.setChannel(incidentId, channel);
      List<String> slackIds = csmIds.stream().map(lookups::user).map(User::slackUserId)
          .filter(id -> id != null && !id.isBlank()).toList();
      slack.invite(channel, slackIds);
      log.append(incident.workflowId() + "/channel", null, incident.workflowId(), "incident_channel_opened",
          Map.of("incidentId", incidentId, "channel", channel, "invited", slackIds.size()));
      return channel;
    } catch (DeliveryFailure failure) {
      throw ProviderFailures.of(failure, "Channel");
    }
  }

  /** {@code incident-<external id>-response}, as Slack allows: lowercase, no spaces or dots, at most 80 characters. */
  static String channelName(ProductIncident incident) {
    String id = incident.externalId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
    String name = "incident-" + id + "-response";
    return name.length() <= 80 ? name : "incident-" + id.substring(0, 80 - "incident--response".length()) + "-response";
  }

  @Override
  public DraftRef draftCustomerEmail(String key, String incidentId, String customerId, ApprovalKind kind) {
    ProductIncident incident = incident(incidentId);
    Customer customer = lookups.customer(customerId);
    User csm = lookups.user(customer.csmId());
    Map<String, Object> context = incidentContext(incident);
    context.put("champion_name", customer.championName());
    context.put("customer_name", customer.name());
    context.put("csm_name", csm.name());
    var email = templates.render(kind == ApprovalKind.INCIDENT_OUTREACH ? "incident-outreach-email" : "incident-resolution-email",
        context);
    DraftRef draft = drafts.hold(new Drafts.Draft(key, incident.workflowId(), customer, csm, kind, email),
        Map.of("kind", kind.label(), "incidentId", incidentId));
    if (kind == ApprovalKind.INCIDENT_OUTREACH) {
      incidents.linkApproval(incidentId, customerId, draft.approvalId());
    }
    return draft;
  }

  @Override
  public void markOutreachSent(String incidentId, String customerId) {
    incidents.markOutreachSent(incidentId, customerId);
  }

  @Override
  public Delivery notifyCsmOfResolution(String key, String incidentId, String csmId) {
    ProductIncident incident = incident(incidentId);
    List<String> theirs = store.impactsOf(incidentId, csmId).stream().map(IncidentStore.Impact::customerId).toList();
    Map<String, Object> context = incidentContext(incident);
    context.put("customer_count", theirs.size());
    context.put("resolution", incident.description() == null ? "Resolved" : incident.description());
    context.put("follow_up_after", "2 days");
    context.put("tasks_url", links.myDay());
    String text = templates.render("incident-resolved", context).body();
    Delivery delivery = deliveries.toUser(key, csmId, theirs, "Resolved: " + incident.title(), text, incident.workflowId(),
        dmButtons.drafts(null));
    log.appendPerCustomer(key, theirs, incident.workflowId(), "incident_resolution_notified",
        Map.of("incidentId", incidentId, "csmId", csmId, "channel", delivery.channel()));
    return delivery;
  }

  private Map<String, Object> incidentContext(ProductIncident incident) {
    String components = incident.affectedComponents().length == 0 ? "our service"
        : String.join(", ", incident.affectedComponents());
    Map<String, Object> context = new HashMap<>();
    context.put("title", incident.title());
    context.put("severity", incident.severity());
    context.put("status", capitalize(incident.status()));
    context.put("external_id", incident.externalId());
    context.put("started", incident.startedAt() == null ? "unknown" : STARTED.format(incident.startedAt().atOffset(ZoneOffset.UTC)));
    context.put("components", List.of(incident.affectedComponents()));
    context.put("status_page_url", incident.statusPageUrl());
    context.put("drafts_url", links.pendingApprovals(null));
    context.put("messaging", templates.render("incident-messaging-" + incident.severity(), Map.of("components", components)).body());
    if (incident.startedAt() != null && incident.resolvedAt() != null) {
      context.put("duration", duration(Duration.between(incident.startedAt(), incident.resolvedAt())));
    }
    context.put("components_text", components);
    return context;
  }

  static String duration(Duration d) {
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    return hours == 0 ? minutes + " minutes" : hours + (hours == 1 ? " hour " : " hours ") + minutes + " minutes";
  }

  private ProductIncident incident(String id) {
    return incidents.findById(id)
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown incident " + id, "UnknownIncident"));
  }


  private static String money(BigDecimal amount) {
    double value = amount.doubleValue();
    if (value >= 1_000_000) {
      return "$" + new java.math.BigDecimal(value / 1_000_000).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "M";
    }
    if (value >= 1_000) {
      return "$" + new java.math.BigDecimal(value / 1_000).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "K";
    }
    return NumberFormat.getCurrencyInstance(Locale.US).format(amount);
  }

  private static String capitalize(String s) {
    return s == null || s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
