package io.vigil.workflows.expansion;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A customer found ready for expansion on day {@code asOf}, with the evidence of each rule that
 * found it: it starts the customer's expansion opportunity, or, while one cools down, is recorded
 * as suppressed. Good news, not a risk.
 */
public record ExpansionTrigger(String customerId, String customerName, String csmId, LocalDate asOf,
    List<ExpansionEvidence> evidence, Duration cooldown) {

  /** The business key of the opportunity's steps: {@code expansion/<customerId>@<asOf>}. */
  public String stepKey() {
    return ExpansionOpportunityWorkflow.workflowId(customerId) + "@" + asOf;
  }

  /** One trigger per customer and day, however often the day's page is scored. */
  public String triggerKey() {
    return stepKey();
  }

  /** The evidence in one line, for the risk signal's reason, the DM and the weekly report. */
  public String summary() {
    return "ready for expansion (a positive signal, not a risk): "
        + evidence.stream().map(ExpansionEvidence::summary).collect(Collectors.joining("; "));
  }
}
