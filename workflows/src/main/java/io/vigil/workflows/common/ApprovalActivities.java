package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

/** The shared tail of every held draft: remind the approver, expire it, or send it once approved. */
@ActivityInterface
public interface ApprovalActivities {
  Delivery remindApprover(String idempotencyKey, String approvalId);

  /**
   * The DM that told the approver of the alert before the draft existed (the delivery keyed {@code
   * dmKey}) gains the buttons to decide the draft: View draft, Approve, Edit, Reject. Answers what was
   * done, in words; nothing is done when that DM did not go to the approver by Slack (email, failed,
   * snoozed, another person) or the draft is no longer pending. Logged once under {@code idempotencyKey}.
   */
  String offerDraftInDm(String idempotencyKey, String dmKey, String approvalId);

  /**
   * {@link #remindApprover} for each of a page of approvals still pending (keys {@code
   * <workflowId>/<approvalId>/approval-reminder}); answers how many were reminded. Fails after trying
   * every one when any could not be delivered.
   */
  int remindApprovers(java.util.List<String> approvalIds);

  /** {@link #expireApproval} for each of a page of approvals; answers their statuses afterwards, in order. */
  java.util.List<String> expireApprovals(java.util.List<String> approvalIds);

  /** Expires a still-pending approval and answers its status afterwards (a decision may have won the race). */
  String expireApproval(String approvalId);

  /**
   * What the approval row holds now, its status and who decided it; reads only. The expiry asks when
   * the row was decided but no decision reached the workflow (ApprovalGate.DECISION_TAKEN_FROM_ROW).
   */
  RecordedDecision readDecision(String approvalId);

  /** {@link #readDecision} for each of a page of approvals, in order. */
  java.util.List<RecordedDecision> readDecisions(java.util.List<String> approvalIds);

  /**
   * Withdraws a still-pending approval as no longer needed ({@code reason} stored and logged) and
   * answers its status afterwards: "withdrawn", or the decision that won the race.
   */
  String withdrawApproval(String approvalId, String reason);

  /**
   * Records a person's decision on a still-pending approval (with their edits, their credential and
   * a line in the customer's activity log) and answers what the row holds afterwards. A row already
   * decided is left as it is and answered as it stands: the same verdict by the same person (a
   * retried attempt) is this decision; anything else is another outcome ("approved" or "rejected" by
   * someone else, "expired").
   */
  RecordedDecision recordDecision(DraftDecision decision);

  /** Sends (or leaves as a Gmail draft) the approved message, with the approver's edits already stored. */
  Delivery sendApprovedDraft(String idempotencyKey, String approvalId, boolean asGmailDraft);

  /**
   * The approved message could not be sent ({@code reason}): marks the approval failed with the
   * reason, logs {@code email_send_failed}, and tells the approver (Slack, else email); answers that
   * notice.
   */
  Delivery reportSendFailure(String idempotencyKey, String approvalId, String reason);
}
