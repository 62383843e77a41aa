package io.vigil.app.tickets;

import io.vigil.activities.tickets.CategoryPrediction;
import io.vigil.activities.tickets.TicketCategorizer;
import io.vigil.app.escalations.EscalationTrigger;
import io.vigil.infra.persistence.TicketStore;
import io.vigil.infra.persistence.TicketVersion;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Categorizes received ticket versions and stores them: the one way in for the API batch and the Zendesk
 * webhook. A batch that changed anything asks for an escalation evaluation.
 */
@Singleton
class TicketIntake {
  private final TicketCategorizer categorizer;
  private final TicketStore tickets;
  private final EscalationTrigger escalations;

  TicketIntake(TicketCategorizer categorizer, TicketStore tickets, EscalationTrigger escalations) {
    this.categorizer = categorizer;
    this.tickets = tickets;
    this.escalations = escalations;
  }

  TicketStore.Stored store(List<ReceivedTicket> received) {
    List<CategoryPrediction> predictions = categorizer.categorize(received.stream()
        .map(t -> new TicketCategorizer.Text(t.subject(), t.body())).toList());
    List<TicketVersion> versions = new ArrayList<>(received.size());
    for (int i = 0; i < received.size(); i++) {
      ReceivedTicket t = received.get(i);
      CategoryPrediction p = predictions.get(i);
      versions.add(new TicketVersion(t.id(), t.customerId(), t.subject(), t.body(), t.status(), t.priority(),
          t.requesterEmail(), t.tags(), t.csat(), t.source(), t.openedAt(), t.sourceUpdatedAt(),
          p.category().wireName(), p.confidence(), p.reason(), p.source()));
    }
    TicketStore.Stored stored = tickets.upsert(versions);
    if (stored.created() + stored.updated() > 0) {
      escalations.request();
    }
    return stored;
  }
}
