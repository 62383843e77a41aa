package io.vigil.activities.expansion;

import io.temporal.client.WorkflowClient;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.health.HealthPlaybookTrigger;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.workflows.expansion.ExpansionEvidence;
import io.vigil.workflows.expansion.ExpansionOpportunityWorkflow;
import io.vigil.workflows.expansion.ExpansionTrigger;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the sweep scores a page: the page's seat use and usage growth in one statement, its heavy
 * use of features above the customers' plans in another, and an
 * expansion opportunity started for each customer {@link ExpansionRule} finds ready. A customer
 * whose opportunity cools down gets the day's trigger recorded there as suppressed (once per day:
 * a page scored again sends nothing twice).
 */
@Singleton
public class ExpansionOpportunities implements HealthPlaybookTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(ExpansionOpportunities.class);

  private final ExpansionFacts facts;
  private final CustomerRepository customers;
  private final ExpansionRule rule;
  private final AlertDispatcher dispatcher;
  private final WorkflowClient client;

  public ExpansionOpportunities(ExpansionFacts facts, CustomerRepository customers, ExpansionRule rule,
      AlertDispatcher dispatcher, WorkflowClient client) {
    this.facts = facts;
    this.customers = customers;
    this.rule = rule;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  @Override
  public String name() {
    return "expansion opportunities";
  }

  /** Answers how many customers of the page were ready: each started an opportunity or was reported to its running one. */
  @Override
  public int dispatch(LocalDate asOf, List<DailyHealth> page) {
    List<ExpansionTrigger> triggers = opportunities(asOf, page);
    int started = 0;
    for (ExpansionTrigger trigger : triggers) {
      String customerId = trigger.customerId();
      AlertDispatcher.Dispatch dispatch = dispatcher.startOrSignal(ExpansionOpportunityWorkflow.workflowId(customerId), null,
          () -> WorkflowClient.start(ExpansionOpportunityWorkflow.starting(client, trigger)::run, trigger, null),
          () -> {
            ExpansionOpportunityWorkflow running = ExpansionOpportunityWorkflow.running(client, customerId);
            if (!AlertDispatcher.alreadyReported(running::hasTrigger, trigger.triggerKey())) {
              running.reportOpportunity(trigger);
            }
          });
      if (dispatch.started()) {
        started++;
      }
      LOG.info("{} {} for {} as of {}: {}", dispatch.started() ? "started" : "reported to", dispatch.workflowId(),
          customerId, asOf, trigger.summary());
    }
    if (!triggers.isEmpty()) {
      LOG.info("Expansion as of {}: {} customers ready, {} opportunities started, {} reported to one cooling down",
          asOf, triggers.size(), started, triggers.size() - started);
    }
    return triggers.size();
  }

  /** The page's customers ready for expansion, as triggers; three statements for the page. */
  List<ExpansionTrigger> opportunities(LocalDate asOf, List<DailyHealth> page) {
    List<String> ids = page.stream().map(DailyHealth::customerId).toList();
    Map<String, ExpansionFacts.Usage> usage = facts.usage(ids, asOf, rule.windows());
    Map<String, List<ExpansionFacts.FeatureUse>> features = rule.featureUse(facts, ids, asOf);
    Map<String, List<ExpansionEvidence>> ready = new TreeMap<>();
    usage.values().forEach(u -> {
      List<ExpansionEvidence> evidence = new ArrayList<>(rule.evidence(u));
      evidence.addAll(rule.evidence(features.getOrDefault(u.customerId(), List.of())));
      if (!evidence.isEmpty()) {
        ready.put(u.customerId(), evidence);
      }
    });
    if (ready.isEmpty()) {
      return List.of();
    }
    Map<String, Customer> byId = customers.findByIdInList(new ArrayList<>(ready.keySet())).stream()
        .collect(Collectors.toMap(Customer::id, Function.identity()));
    return ready.entrySet().stream().filter(e -> byId.containsKey(e.getKey())).map(e -> {
      Customer c = byId.get(e.getKey());
      return new ExpansionTrigger(c.id(), c.name(), c.csmId(), asOf, List.copyOf(e.getValue()), rule.cooldown());
    }).toList();
  }
}
