package io.vigil.activities.escalation;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.vigil.activities.tickets.ThemeFinder;
import io.vigil.activities.tickets.TicketTheme;
import io.vigil.infra.persistence.EscalationStore;
import io.vigil.infra.persistence.EscalationVersion;
import io.vigil.infra.persistence.ThemeTicket;
import io.vigil.infra.persistence.ThemeTickets;
import io.vigil.workflows.escalation.EscalationDeliveryWorkflow;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every escalation at once (docs/insights.md, "When escalations are evaluated"): the themes
 * of the last 90 days' tickets of every customer, less the tickets of resolved escalations, become
 * the escalations they cross the thresholds for; each escalation created or changed gets a delivery
 * workflow for its new version.
 */
@Singleton
public class EscalationEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(EscalationEvaluator.class);
  private static final Map<String, String> TYPE_OF_CATEGORY = Map.of("feature_request", "product_gap",
      "how_to_question", "docs_gap", "bug_report", "bug");

  private final ThemeTickets tickets;
  private final EscalationStore store;
  private final WorkflowClient client;
  private final Clock clock;

  public EscalationEvaluator(ThemeTickets tickets, EscalationStore store, WorkflowClient client, Clock clock) {
    this.tickets = tickets;
    this.store = store;
    this.client = client;
    this.clock = clock;
  }

  /** What an evaluation did. */
  public record Evaluated(int tickets, int themes, int escalations, List<EscalationStore.Changed> changed) {}

  public synchronized Evaluated evaluate() {
    Instant now = clock.instant();
    Map<String, Set<String>> resolved = store.resolvedTickets();
    List<ThemeTicket> open = tickets.opened(now.minus(EscalationRules.LOOKBACK), null, null, ThemeFinder.MAX_TICKETS)
        .stream()
        .filter(t -> !resolved.getOrDefault(TYPE_OF_CATEGORY.getOrDefault(t.category(), ""), Set.of()).contains(t.id()))
        .toList();
    List<TicketTheme> themes = io.vigil.activities.tickets.TicketThemes.of(open);
    List<EscalationVersion> found = EscalationFindings.of(themes);
    List<EscalationStore.Changed> changed = store.record(found);
    changed.forEach(this::startDelivery);
    store.undelivered().forEach(this::startDelivery);
    LOG.info("Escalations evaluated: {} tickets, {} themes, {} escalations, {} created or changed", open.size(),
        themes.size(), found.size(), changed.size());
    return new Evaluated(open.size(), themes.size(), found.size(), changed);
  }

  private void startDelivery(EscalationStore.Changed c) {
    try {
      WorkflowClient.start(EscalationDeliveryWorkflow.starting(client, c.id(), c.version(),
          "Deliver " + c.type().replace('_', ' ') + " escalation " + c.id() + " v" + c.version())::deliver,
          c.id(), c.version());
    } catch (WorkflowExecutionAlreadyStarted alreadyDelivering) {
      // this version's delivery exists: it is delivered once
    }
  }
}
