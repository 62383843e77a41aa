package io.vigil.activities.expansion;

import io.vigil.activities.common.DmButtons;
import static io.vigil.activities.common.Lookups.workflowId;

import io.vigil.activities.common.ActivityLog;
import io.vigil.activities.common.Links;
import io.vigil.activities.common.Lookups;
import io.vigil.activities.delivery.Deliveries;
import io.vigil.activities.drafting.Templates;
import io.vigil.activities.report.ReportText;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TriggerEventRepository;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.expansion.ExpansionActivities;
import io.vigil.workflows.expansion.ExpansionEvidence;
import io.vigil.workflows.expansion.ExpansionOpportunityWorkflow;
import io.vigil.workflows.expansion.ExpansionTrigger;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Singleton
public class ExpansionActivitiesImpl implements ExpansionActivities {
  /** The trigger id of the trigger events, the same as the risk signal's type. */
  static final String TRIGGER_ID = ExpansionFacts.SIGNAL_TYPE;

  private final DmButtons dmButtons;
  private final Lookups lookups;
  private final RiskSignalRepository riskSignals;
  private final TriggerEventRepository triggerEvents;
  private final Deliveries deliveries;
  private final Templates templates;
  private final Links links;
  private final ActivityLog log;

  public ExpansionActivitiesImpl(Lookups lookups, RiskSignalRepository riskSignals, TriggerEventRepository triggerEvents,
      Deliveries deliveries, Templates templates, Links links, ActivityLog log, DmButtons dmButtons) {
    this.dmButtons = dmButtons;
    this.lookups = lookups;
    this.riskSignals = riskSignals;
    this.triggerEvents = triggerEvents;
    this.deliveries = deliveries;
    this.templates = templates;
    this.links = links;
    this.log = log;
  }

  @Override
  public long recordExpansionOpportunity(String key, ExpansionTrigger trigger) {
    Customer customer = lookups.customer(trigger.customerId());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("positive", true);
    metadata.put("summary", "Expansion opportunity (positive, not a risk)");
    metadata.put("reason", trigger.summary());
    metadata.put("asOf", trigger.asOf().toString());
    metadata.put("evidence", evidence(trigger.evidence()));
    metadata.put("arr", customer.arr());
    metadata.put("seats", customer.seats());
    metadata.put("plan", customer.plan());
    metadata.put("workflowId", workflowId());
    long id = riskSignals.insertOnce(key, customer.id(), ExpansionFacts.SIGNAL_TYPE, ExpansionOpportunityWorkflow.SEVERITY,
        log.toJson(metadata));
    triggerEvents.insertOnce(key + "/trigger-event", TRIGGER_ID, customer.id(), workflowId(),
        TriggerOutcome.FIRED.label(), trigger.summary());
    log.append(key, customer.id(), workflowId(), "expansion_opportunity_found",
        Map.of("riskSignalId", id, "severity", ExpansionOpportunityWorkflow.SEVERITY, "reason", trigger.summary(),
            "rules", trigger.evidence().stream().map(ExpansionEvidence::rule).toList(), "arr", customer.arr()));
    return id;
  }

  @Override
  public void recordSuppressedExpansion(String key, ExpansionTrigger trigger, String reason) {
    triggerEvents.insertOnce(key, TRIGGER_ID, trigger.customerId(), workflowId(), TriggerOutcome.SUPPRESSED.label(), reason);
    log.append(key, trigger.customerId(), workflowId(), TriggerOutcome.SUPPRESSED.logAction(),
        Map.of("triggerId", TRIGGER_ID, "asOf", trigger.asOf().toString(), "summary", trigger.summary(),
            "reason", reason));
  }

  @Override
  public Delivery notifyCsmOfExpansion(String key, ExpansionTrigger trigger) {
    Customer customer = lookups.customer(trigger.customerId());
    Map<String, Object> context = new HashMap<>();
    context.put("customer_name", customer.name());
    context.put("arr", ReportText.money(customer.arr()));
    context.put("seats", customer.seats());
    context.put("plan", customer.plan());
    context.put("as_of", trigger.asOf().toString());
    context.put("evidence", trigger.evidence().stream().map(ExpansionEvidence::summary).toList());
    context.put("view_customer_url", links.customer(customer.id()));
    String text = templates.render("expansion-opportunity-alert", context).body();
    Delivery delivery = deliveries.toUser(key, customer.csmId(), customer.id(),
        "Expansion opportunity: " + customer.name(), text, workflowId(), dmButtons.customer(customer.id()));
    log.append(key, customer.id(), workflowId(), "expansion_csm_notified",
        Map.of("userId", customer.csmId(), "channel", delivery.channel(), "status", delivery.status()));
    return delivery;
  }

  private static List<Map<String, Object>> evidence(List<ExpansionEvidence> evidence) {
    return evidence.stream().map(e -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("rule", e.rule());
      one.put("summary", e.summary());
      one.put("value", e.value());
      one.put("threshold", e.threshold());
      return one;
    }).toList();
  }
}
