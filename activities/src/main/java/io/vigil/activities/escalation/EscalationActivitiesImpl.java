package io.vigil.activities.escalation;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.vigil.activities.common.Links;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.ProviderFailures;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Drafts;
import io.vigil.activities.drafting.Templates;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.EscalationDeliveries;
import io.vigil.infra.persistence.EscalationDetails.EscalatedCustomer;
import io.vigil.infra.persistence.EscalationRow;
import io.vigil.infra.persistence.EscalationStore;
import io.vigil.infra.persistence.User;
import io.vigil.infra.webhooks.IntakeWebhook;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.escalation.EscalationActivities;
import io.vigil.workflows.escalation.EscalationDeliveryWorkflow;
import io.vigil.workflows.escalation.EscalationFixWorkflow;
import io.vigil.workflows.escalation.FixedDrafts;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Delivering escalations to their destinations, and drafting the "it is fixed" emails. */
@Singleton
public class EscalationActivitiesImpl implements EscalationActivities {
  static final String FAILURE_TYPE = "EscalationRefused";

  private final EscalationStore escalations;
  private final EscalationDeliveries deliveries;
  private final EscalationDestinations destinations;
  private final IntakeWebhook webhook;
  private final Deliveries messages;
  private final Drafts drafts;
  private final Templates templates;
  private final Lookups lookups;
  private final ApprovalRepository approvals;
  private final Links links;
  private final Clock clock;

  public EscalationActivitiesImpl(EscalationStore escalations, EscalationDeliveries deliveries,
      EscalationDestinations destinations, IntakeWebhook webhook, Deliveries messages, Drafts drafts,
      Templates templates, Lookups lookups, ApprovalRepository approvals, Links links, Clock clock) {
    this.escalations = escalations;
    this.deliveries = deliveries;
    this.destinations = destinations;
    this.webhook = webhook;
    this.messages = messages;
    this.drafts = drafts;
    this.templates = templates;
    this.lookups = lookups;
    this.approvals = approvals;
    this.links = links;
    this.clock = clock;
  }

  @Override
  public String deliverEscalationToWebhook(String escalationId, int version) {
    EscalationRow escalation = escalation(escalationId);
    String logicalKey = EscalationDeliveryWorkflow.workflowId(escalationId, version);
    String body = EscalationPayloads.json(escalation, version, links.escalationApi(escalationId));
    EscalationDeliveries.DeliveryRow row = deliveries.claim(logicalKey + "/webhook", escalationId, version, "webhook", body);
    if (!"pending".equals(row.status())) {
      return row.status();
    }
    var url = destinations.webhook(EscalationType.fromLabel(escalation.type()).orElseThrow());
    if (url.isEmpty()) {
      deliveries.attempted(row.key(), "skipped", null);
      return "skipped";
    }
    if (destinations.secret().isEmpty()) {
      deliveries.attempted(row.key(), "failed", "VIGIL_INTAKE_WEBHOOK_SECRET is unset: nothing is sent unsigned");
      throw ApplicationFailure.newNonRetryableFailure("no signing secret for the intake webhook", FAILURE_TYPE);
    }
    try {
      webhook.post(url.get(), destinations.secret().get(), logicalKey, clock.instant().getEpochSecond(), row.body());
      deliveries.attempted(row.key(), "delivered", null);
      return "delivered";
    } catch (DeliveryFailure failure) {
      boolean forGood = failure.kind() == DeliveryFailure.Kind.PERMANENT;
      deliveries.attempted(row.key(), forGood ? "failed" : "pending", failure.getMessage());
      throw ProviderFailures.of(failure, "Escalation webhook");
    }
  }

  @Override
  public String postEscalationToSlack(String escalationId, int version) {
    EscalationRow escalation = escalation(escalationId);
    var channel = destinations.channel(EscalationType.fromLabel(escalation.type()).orElseThrow());
    if (channel.isEmpty()) {
      return "skipped";
    }
    String key = EscalationDeliveryWorkflow.workflowId(escalationId, version) + "/slack";
    List<String> customers = escalation.details().customers().stream().map(EscalatedCustomer::id).toList();
    messages.toChannel(key, channel.get(), customers, EscalationPayloads.slack(escalation, links.escalation(customers)),
        EscalationDeliveryWorkflow.workflowId(escalationId, version));
    return "delivered";
  }

  @Override
  public FixedDrafts holdFixedDrafts(String keyPrefix, String escalationId, String afterCustomerId, int limit) {
    EscalationRow escalation = escalation(escalationId);
    List<EscalatedCustomer> customers = new ArrayList<>(escalation.details().customers());
    customers.sort(Comparator.comparing(EscalatedCustomer::id));
    List<EscalatedCustomer> after = customers.stream()
        .filter(c -> afterCustomerId == null || c.id().compareTo(afterCustomerId) > 0).toList();
    List<EscalatedCustomer> page = after.subList(0, Math.min(limit, after.size()));
    List<FixedDrafts.Drafted> drafted = new ArrayList<>();
    for (EscalatedCustomer c : page) {
      Activity.getExecutionContext().heartbeat(c.id());
      DraftRef draft = draftFixed(keyPrefix + "/" + c.id(), escalation, lookups.customer(c.id()));
      String status = approvals.findById(draft.approvalId()).map(Approval::status).orElse("pending");
      drafted.add(new FixedDrafts.Drafted(c.id(), draft.approvalId(), draft.approverId(), status));
    }
    return new FixedDrafts(drafted, after.size() > limit ? page.get(page.size() - 1).id() : null);
  }

  private DraftRef draftFixed(String key, EscalationRow escalation, Customer customer) {
    User csm = lookups.user(customer.csmId());
    Map<String, Object> context = new HashMap<>();
    context.put("champion_name", customer.championName());
    context.put("customer_name", customer.name());
    context.put("csm_name", csm.name());
    context.put("issue", escalation.theme());
    context.put("quote", escalation.details().quotes().isEmpty() ? null : escalation.details().quotes().get(0));
    var email = templates.render("escalation-fixed-email", context);
    return drafts.hold(new Drafts.Draft(key, EscalationFixWorkflow.workflowId(escalation.id()), customer, csm,
        ApprovalKind.ESCALATION_FIXED, email), Map.of("kind", ApprovalKind.ESCALATION_FIXED.label(),
        "escalationId", escalation.id()));
  }

  private EscalationRow escalation(String id) {
    return escalations.find(id).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no escalation " + id, FAILURE_TYPE));
  }
}
