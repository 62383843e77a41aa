package io.vigil.workflows.silence;

import io.vigil.workflows.common.ApprovalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A yellow customer without contact for {@code silentDays} as of {@code asOf}: its last contact
 * ({@code lastContact}, null when none was ever recorded) and the day the silence runs from. The
 * silence's first day makes the business key, so the same silence is keyed the same whatever day
 * the sweep finds it on.
 */
public record SilenceAlert(
    String customerId,
    String customerName,
    String csmId,
    LocalDate asOf,
    Instant lastContact,
    LocalDate silentSince,
    int silentDays,
    Integer healthScore,
    ApprovalPolicy approval,
    Duration cooldown) {

  /** The business key every side effect of this check-in is keyed under. */
  public String alertKey() {
    return SilenceCheckinWorkflow.workflowId(customerId) + "@" + silentSince;
  }

  public String summary() {
    return "no contact for " + silentDays + " days (since " + silentSince + ")"
        + (healthScore == null ? "" : ", health " + healthScore + " (yellow)");
  }
}
