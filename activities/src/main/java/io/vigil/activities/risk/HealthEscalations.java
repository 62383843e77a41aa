package io.vigil.activities.risk;

import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.activities.health.HealthPlaybookTrigger;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerEvent;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.workflows.risk.EscalationCause;
import io.vigil.workflows.risk.EscalationKind;
import io.vigil.workflows.risk.EscalationTrigger;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the escalations on health: from each page the daily sweep scored ({@link EscalationRule}
 * on the stored day, the page's churn causes read in two statements), and from a customer's
 * cancellation or downgrade request. Idempotent: a trigger an escalation already holds is not sent
 * again, and one that arrives while it runs or cools down is recorded there as suppressed.
 */
@Singleton
public class HealthEscalations implements HealthPlaybookTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(HealthEscalations.class);

  private final AlertDispatcher dispatcher;
  private final EscalationFacts facts;
  private final CustomerRepository customers;

  public HealthEscalations(AlertDispatcher dispatcher, EscalationFacts facts, CustomerRepository customers) {
    this.dispatcher = dispatcher;
    this.facts = facts;
    this.customers = customers;
  }

  @Override
  public String name() {
    return "at-risk and churn-risk escalations";
  }

  @Override
  public int dispatch(LocalDate asOf, List<DailyHealth> page) {
    List<DailyHealth> candidates = page.stream()
        .filter(d -> EscalationRule.decide(d.score(), d.band(), d.trend(), null).isPresent()).toList();
    if (candidates.isEmpty()) {
      return 0;
    }
    List<String> ids = candidates.stream().map(DailyHealth::customerId).toList();
    Map<String, EscalationFacts.ChurnCause> causes = facts.churnCauses(ids, EscalationRule.churnCauseWindowStart(asOf), asOf);
    Map<String, Customer> byId = customers.findByIdInList(ids).stream()
        .collect(Collectors.toMap(Customer::id, Function.identity()));
    int sent = 0;
    for (DailyHealth day : candidates) {
      Customer customer = byId.get(day.customerId());
      Optional<EscalationRule.Verdict> verdict = EscalationRule.decide(day.score(), day.band(), day.trend(),
          causes.get(day.customerId()));
      if (customer == null || verdict.isEmpty()) {
        continue;
      }
      EscalationRule.Verdict v = verdict.get();
      AlertDispatcher.Dispatch dispatch = dispatcher.escalate(new EscalationTrigger(v.kind(), customer.id(),
          customer.name(), customer.csmId(), asOf, v.cause(), v.severity(), v.summary(), dispatcher.escalationPolicy()));
      LOG.info("{} {} for {} as of {}: {}", dispatch.started() ? "started" : "reported to", dispatch.workflowId(),
          customer.id(), asOf, v.summary());
      sent++;
    }
    return sent;
  }

  /** A cancellation or downgrade request starts the customer's churn-risk escalation; other events start nothing. */
  public Optional<AlertDispatcher.Dispatch> onEvent(Customer customer, CustomerEvent event) {
    Optional<EscalationCause> cause = EscalationRule.ofEvent(event.type());
    if (cause.isEmpty()) {
      return Optional.empty();
    }
    LocalDate day = event.at().atZone(ZoneOffset.UTC).toLocalDate();
    String summary = event.type().replace('_', ' ') + " on " + day
        + (event.note() == null ? "" : ": " + io.vigil.workflows.common.TemporalLimits.text(event.note(), 200));
    return Optional.of(dispatcher.escalate(new EscalationTrigger(EscalationKind.CHURN_RISK, customer.id(), customer.name(),
        customer.csmId(), day, cause.get(), EscalationRule.severityOf(cause.get()), summary, dispatcher.escalationPolicy())));
  }
}
