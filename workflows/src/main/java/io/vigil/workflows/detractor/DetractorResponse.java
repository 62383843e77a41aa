package io.vigil.workflows.detractor;

import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import java.time.Instant;

/**
 * A detractor's NPS answer (0-6) as the follow-up needs it: ids and the score, never the comment
 * (the activities read it from the stored response, so the history keeps no customer's words).
 */
public record DetractorResponse(
    String responseId,
    String customerId,
    String customerName,
    String csmId,
    int score,
    Instant respondedAt,
    ApprovalPolicy approval) {

  /** The score at or below which a detractor is a high-severity follow-up. */
  public static final int HIGH_SEVERITY_MAX = 3;

  /** 0-3 high, 4-6 medium: a 0 is an unhappy customer, a 6 an unconvinced one. */
  public Severity severity() {
    return score <= HIGH_SEVERITY_MAX ? Severity.HIGH : Severity.MEDIUM;
  }

  /** The business key every side effect of this follow-up is keyed under: the workflow id. */
  public String key() {
    return DetractorFollowUpWorkflow.workflowId(responseId);
  }
}
