package io.vigil.activities.silence;

import io.temporal.client.WorkflowClient;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.health.HealthPlaybookTrigger;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.TouchpointStore;
import io.vigil.infra.persistence.TouchpointStore.Contact;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.silence.SilenceAlert;
import io.vigil.workflows.silence.SilenceCheckinWorkflow;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the sweep scores a page: the page's yellow customers' contacts in one statement, and a
 * check-in started for each that {@link SilenceRule} calls silent. A customer whose check-in is
 * still open (waiting, or in its cooldown) is left to it: the start finds it running and nothing
 * is signalled, so a retried page starts nothing twice.
 */
@Singleton
public class SilenceCheckinTrigger implements HealthPlaybookTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(SilenceCheckinTrigger.class);

  private final TouchpointStore touchpoints;
  private final CustomerRepository customers;
  private final SilenceRule rule;
  private final ApprovalPolicy approval;
  private final AlertDispatcher dispatcher;
  private final WorkflowClient client;

  public SilenceCheckinTrigger(TouchpointStore touchpoints, CustomerRepository customers, SilenceRule rule,
      ApprovalPolicy approval, AlertDispatcher dispatcher, WorkflowClient client) {
    this.touchpoints = touchpoints;
    this.customers = customers;
    this.rule = rule;
    this.approval = approval;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  @Override
  public String name() {
    return "check-in after silence";
  }

  @Override
  public int dispatch(LocalDate asOf, List<DailyHealth> page) {
    List<SilenceAlert> alerts = silences(asOf, page);
    int started = 0;
    for (SilenceAlert alert : alerts) {
      AlertDispatcher.Dispatch dispatch = dispatcher.startOrSignal(SilenceCheckinWorkflow.workflowId(alert.customerId()),
          null, () -> WorkflowClient.start(SilenceCheckinWorkflow.starting(client, alert, null)::run, alert),
          () -> {}); // an open check-in already covers this silence, or cools down after the last one
      if (dispatch.started()) {
        started++;
        LOG.info("Check-in after silence started for {}: {} ({})", alert.customerId(), alert.summary(), dispatch.workflowId());
      }
    }
    if (!alerts.isEmpty()) {
      LOG.info("Silence as of {}: {} yellow customers silent for {}+ days, {} check-ins started, {} already open",
          asOf, alerts.size(), rule.afterDays(), started, alerts.size() - started);
    }
    return started;
  }

  /** The page's customers the rule calls silent, as alerts; two statements for the page. */
  List<SilenceAlert> silences(LocalDate asOf, List<DailyHealth> page) {
    Map<String, DailyHealth> yellow = page.stream().filter(d -> SilenceRule.BAND.equals(d.band()))
        .collect(Collectors.toMap(DailyHealth::customerId, Function.identity()));
    if (yellow.isEmpty()) {
      return List.of();
    }
    Map<String, Contact> contacts = touchpoints.contacts(yellow.keySet(), asOf);
    List<String> silent = contacts.values().stream()
        .filter(c -> rule.calls(yellow.get(c.customerId()).band(), c.silentSince(), asOf))
        .map(Contact::customerId).sorted().toList();
    if (silent.isEmpty()) {
      return List.of();
    }
    Map<String, Customer> byId = customers.findByIdInList(silent).stream()
        .collect(Collectors.toMap(Customer::id, Function.identity()));
    return silent.stream().filter(byId::containsKey).map(id -> {
      Customer customer = byId.get(id);
      Contact contact = contacts.get(id);
      return new SilenceAlert(id, customer.name(), customer.csmId(), asOf, contact.lastContact(), contact.silentSince(),
          SilenceRule.silentDays(contact.silentSince(), asOf), yellow.get(id).score(), approval, rule.cooldown());
    }).toList();
  }
}
