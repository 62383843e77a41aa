package io.vigil.activities.risk;

import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Links;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Templates;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerEventStore;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TriggerEventRepository;
import io.vigil.infra.persistence.User;
import io.vigil.infra.persistence.UserRepository;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.risk.RiskEscalationActivities;
import io.vigil.workflows.risk.EscalationKind;
import io.vigil.workflows.risk.EscalationOutcome;
import io.vigil.workflows.risk.EscalationRecipient;
import io.vigil.workflows.risk.EscalationTrigger;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Singleton
public class RiskEscalationActivitiesImpl implements RiskEscalationActivities {
  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final UserRepository users;
  private final RiskFactors riskFactors;
  private final HealthStore health;
  private final CustomerEventStore events;
  private final EscalationFacts facts;
  private final RiskSignalRepository riskSignals;
  private final TriggerEventRepository triggerEvents;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;
  private final Clock clock;

  public RiskEscalationActivitiesImpl(Lookups lookups, UserRepository users, RiskFactors riskFactors, HealthStore health,
      CustomerEventStore events, EscalationFacts facts, RiskSignalRepository riskSignals,
      TriggerEventRepository triggerEvents, Deliveries deliveries, Templates templates, Links links, ActivityLog log,
      Clock clock, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.users = users;
    this.riskFactors = riskFactors;
    this.health = health;
    this.events = events;
    this.facts = facts;
    this.riskSignals = riskSignals;
    this.triggerEvents = triggerEvents;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public long recordEscalation(String key, EscalationTrigger trigger) {
    Customer customer = lookups.customer(trigger.customerId());
    RiskFactors.Assessment assessment = riskFactors.assess(customer, trigger, clock.instant());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("summary", trigger.summary());
    metadata.put("cause", trigger.cause().label());
    metadata.put("asOf", trigger.asOf().toString());
    metadata.put("workflowId", workflowId());
    metadata.put("arrAtRisk", customer.arr());
    metadata.put("factors", assessment.factors());
    long id = riskSignals.insertOnce(key, customer.id(), trigger.kind().label(), trigger.severity().label(),
        log.toJson(metadata));
    triggerEvents.insertOnce(key + "/trigger-event", trigger.kind().label(), customer.id(), workflowId(),
        TriggerOutcome.FIRED.label(), trigger.summary());
    log.append(key, customer.id(), workflowId(), "escalation_started",
        Map.of("kind", trigger.kind().label(), "cause", trigger.cause().label(), "riskSignalId", id,
            "severity", trigger.severity().label(), "summary", trigger.summary(), "arrAtRisk", customer.arr()));
    return id;
  }

  @Override
  public void recordSuppressedEscalation(String key, EscalationTrigger trigger, String reason) {
    triggerEvents.insertOnce(key, trigger.kind().label(), trigger.customerId(), workflowId(),
        TriggerOutcome.SUPPRESSED.label(), reason);
    log.append(key, trigger.customerId(), workflowId(), TriggerOutcome.SUPPRESSED.logAction(),
        Map.of("triggerId", trigger.kind().label(), "cause", trigger.cause().label(), "asOf", trigger.asOf().toString(),
            "summary", trigger.summary(), "reason", reason));
  }

  @Override
  public Delivery notifyEscalation(String key, EscalationTrigger trigger, EscalationRecipient recipient) {
    Customer customer = lookups.customer(trigger.customerId());
    User csm = lookups.user(customer.csmId());
    User to = csm;
    boolean fallback = false;
    if (recipient == EscalationRecipient.MANAGER) {
      Optional<User> manager = Optional.ofNullable(csm.managerId()).filter(id -> !id.equals(csm.id())).flatMap(users::findById);
      if (manager.isEmpty()) {
        log.append(key + "/manager-missing", customer.id(), workflowId(), "escalation_manager_missing",
            Map.of("csmId", csm.id(), "kind", trigger.kind().label(),
                "instead", trigger.kind() == EscalationKind.AT_RISK ? "escalated to the CSM" : "the CSM's alert stands alone"));
        if (trigger.kind() == EscalationKind.CHURN_RISK) {
          return null;
        }
        fallback = true;
      } else {
        to = manager.get();
      }
    }
    RiskFactors.Assessment assessment = riskFactors.assess(customer, trigger, clock.instant());
    Map<String, Object> context = new HashMap<>(assessment.context());
    context.put("for_csm_fallback", fallback);
    context.put("tasks_url", links.myDay());
    context.put("customer_url", links.customer(customer.id()));
    String text = templates.render("health-escalation-alert", context).body();
    Delivery delivery = deliveries.toUser(key, to.id(), customer.id(),
        trigger.kind().title() + ": " + customer.name(), text, workflowId(), dmButtons.customer(customer.id()));
    log.append(key, customer.id(), workflowId(), "escalation_notified",
        Map.of("recipient", recipient.label(), "userId", to.id(), "channel", delivery.channel(),
            "status", delivery.status(), "managerMissing", fallback));
    return delivery;
  }

  @Override
  public EscalationOutcome recordEscalationOutcome(String key, EscalationTrigger trigger, Instant escalatedAt) {
    Optional<DailyHealth> latest = health.latest(trigger.customerId());
    EscalationOutcome outcome = events.firstSince(trigger.customerId(), "churned", escalatedAt)
        .map(e -> EscalationOutcome.CHURNED)
        .orElseGet(() -> EscalationOutcomes.of(latest.map(DailyHealth::band).orElse(null),
            latest.map(DailyHealth::trend).orElse(null)));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", trigger.kind().label());
    details.put("outcome", outcome.label());
    details.put("escalatedAt", escalatedAt.toString());
    details.put("score", latest.map(DailyHealth::score).orElse(null));
    details.put("band", latest.map(DailyHealth::band).orElse(null));
    details.put("trend", latest.map(DailyHealth::trend).orElse(null));
    details.put("healthAsOf", latest.map(d -> d.asOf().toString()).orElse(null));
    log.append(key, trigger.customerId(), workflowId(), "escalation_outcome", details);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("outcome", outcome.label());
    patch.put("outcomeAt", clock.instant().toString());
    patch.put("outcomeHealth", details);
    // the risk signal the escalation recorded is keyed under the same step key
    facts.annotateSignal(trigger.stepKey() + "/risk-signal", log.toJson(patch));
    return outcome;
  }
}
