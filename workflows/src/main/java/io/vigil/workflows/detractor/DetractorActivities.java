package io.vigil.workflows.detractor;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import java.time.Instant;

/**
 * The detractor follow-up's own steps; tasks, approvals, delivery and logging are the shared
 * activities. Prefixed so their activity types never clash with another playbook's.
 */
@ActivityInterface(namePrefix = "Detractor")
public interface DetractorActivities {
  /** Marks the follow-up started on its row and puts the detractor's answer on the customer's activity. */
  void recordFollowUpStarted(String idempotencyKey, DetractorResponse response);

  /**
   * A Slack DM to the CSM with the score, the comment and when the follow-up task is due (email when
   * Slack is not connected or refuses).
   */
  Delivery notifyCsm(String idempotencyKey, DetractorResponse response, Instant taskDueAt);

  /**
   * The moment {@code businessDays} business days after {@code from}, in the customer's calendar:
   * weekends, {@code VIGIL_HOLIDAYS} and its country's public holidays skipped, the same time of day (UTC).
   */
  Instant businessDaysAfter(String customerId, Instant from, int businessDays);

  /** Drafts the reply to the person who answered and holds it for the CSM's approval. */
  DraftRef draftReply(String idempotencyKey, DetractorResponse response);

  /** Records how the follow-up ended, on its row and on the customer's activity. */
  void recordOutcome(String idempotencyKey, DetractorResponse response, DetractorOutcome outcome, String approvalId);
}
