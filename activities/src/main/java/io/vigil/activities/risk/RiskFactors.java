package io.vigil.activities.risk;

import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.EscalationFacts;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.workflows.risk.EscalationKind;
import io.vigil.workflows.risk.EscalationTrigger;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an escalation tells its readers about a customer: the ARR at risk, the risk factors (the
 * health score's components and the input that moved it most, recent risk signals, open incidents
 * touching the customer, open tickets), the recommended actions for the cause, and the intervention
 * timeline up to the outcome.
 */
@Singleton
public class RiskFactors {
  /** Risk signals this recent count as factors. */
  static final Duration SIGNALS_WINDOW = Duration.ofDays(30);
  static final int MAX_SIGNALS = 5;

  private final HealthStore health;
  private final EscalationFacts facts;

  public RiskFactors(HealthStore health, EscalationFacts facts) {
    this.health = health;
    this.facts = facts;
  }

  /** {@code factors}: one line each; {@code context}: everything the message template reads. */
  public record Assessment(List<String> factors, Map<String, Object> context) {}

  public Assessment assess(Customer customer, EscalationTrigger trigger, Instant now) {
    List<String> factors = new ArrayList<>();
    Optional<DailyHealth> day = health.latest(customer.id());
    day.ifPresentOrElse(d -> {
      factors.add("Health " + (d.score() == null ? "not scored" : d.score() + "/100") + " (" + d.band()
          + (d.trend() == null ? "" : ", " + d.trend()) + ", as of " + d.asOf() + "): engagement " + component(d.engagement())
          + ", sentiment " + component(d.sentiment()) + ", growth " + component(d.growth()));
      if (d.mostImpactful() != null) {
        factors.add(d.mostImpactful());
      }
    }, () -> factors.add("No health score yet."));
    for (EscalationFacts.Signal s : facts.recentSignals(customer.id(), now.minus(SIGNALS_WINDOW), MAX_SIGNALS)) {
      factors.add("Risk signal " + s.type() + " (" + s.severity() + ") on " + s.at().atZone(ZoneOffset.UTC).toLocalDate()
          + (s.summary() == null ? "" : ": " + s.summary()));
    }
    for (EscalationFacts.OpenIncident i : facts.openIncidents(customer.id())) {
      factors.add("Open incident " + i.severity() + " " + i.title() + " (" + i.status() + ", " + i.impactLevel() + " impact)");
    }
    EscalationFacts.OpenTickets tickets = facts.openTickets(customer.id());
    if (tickets.open() > 0) {
      factors.add(tickets.open() + " open ticket" + (tickets.open() == 1 ? "" : "s") + " (" + tickets.urgent()
          + " high or urgent): " + String.join("; ", tickets.subjects()));
    }
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    Map<String, Object> context = new HashMap<>();
    context.put("icon", trigger.kind() == EscalationKind.CHURN_RISK ? ":rotating_light:" : ":warning:");
    context.put("title", trigger.kind().title());
    context.put("customer_name", customer.name());
    context.put("trigger_summary", trigger.summary());
    context.put("as_of", trigger.asOf().toString());
    context.put("arr", money(customer.arr()));
    context.put("renewal_date", customer.renewalDate() == null ? null : customer.renewalDate().toString());
    context.put("factors", List.copyOf(factors));
    List<String> actions = actions(trigger);
    List<String> numbered = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      numbered.add((i + 1) + ". " + actions.get(i));
    }
    context.put("actions", numbered);
    context.put("timeline", timeline(trigger, today));
    return new Assessment(List.copyOf(factors), context);
  }

  /** What to do, by cause: the retention actions of the customer-success spec. */
  static List<String> actions(EscalationTrigger trigger) {
    return switch (trigger.cause()) {
      case CANCELLATION_REQUEST -> List.of("Call the champion within 24 hours to understand the reason for cancelling",
          "Bring in an executive sponsor and prepare a save offer", "Agree a retention plan with the CSM today");
      case DOWNGRADE_REQUEST -> List.of("Call the champion within 24 hours to learn what no longer earns its price",
          "Review seat use and plan fit; offer a right-sized plan before they leave", "Agree a retention plan with the CSM");
      case USAGE_DROP -> List.of("Find out with the champion what changed (team, priorities, a competitor)",
          "Offer a re-onboarding or training session for the teams that stopped", "Agree a retention plan with the CSM");
      case RED_SCORE, YELLOW_DECLINING -> List.of("Review the risk factors with the CSM this week",
          "Schedule an executive business review with the champion", "Address open tickets and incidents first",
          "Agree a retention plan and the success criteria for the next 30 days");
    };
  }

  static List<String> timeline(EscalationTrigger trigger, LocalDate today) {
    LocalDate outcome = today.plusDays(trigger.policy().outcomeAfter().toDays());
    boolean urgent = trigger.kind() == EscalationKind.CHURN_RISK;
    return List.of(
        today + ": escalation; the CSM's retention-plan task is due " + today.plusDays(urgent ? 1 : 3),
        today.plusDays(urgent ? 2 : 7) + ": customer conversation held, plan agreed",
        today.plusDays(14) + ": check the health score and the plan's progress",
        outcome + ": outcome recorded (recovered, still at risk or churned)");
  }

  private static String component(BigDecimal score) {
    return score == null ? "missing" : String.valueOf(Math.round(score.doubleValue()));
  }

  static String money(BigDecimal arr) {
    return NumberFormat.getCurrencyInstance(Locale.US).format(arr).replace(".00", "");
  }
}
