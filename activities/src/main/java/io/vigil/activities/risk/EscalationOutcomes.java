package io.vigil.activities.risk;

import io.vigil.workflows.risk.EscalationOutcome;

/** Where a customer stands by its newest day, when no {@code churned} event was recorded. */
public final class EscalationOutcomes {
  private EscalationOutcomes() {}

  /** Recovered: green, or yellow and not declining. Anything else, unscored included, is still at risk. */
  public static EscalationOutcome of(String band, String trend) {
    if ("green".equals(band) || ("yellow".equals(band) && !"declining".equals(trend))) {
      return EscalationOutcome.RECOVERED;
    }
    return EscalationOutcome.STILL_AT_RISK;
  }
}
