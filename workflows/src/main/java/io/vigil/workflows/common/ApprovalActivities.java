package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

/** The shared tail of every held draft: remind the approver, expire it, or send it once approved. */
@ActivityInterface
public interface ApprovalActivities {
  Delivery remindApprover(String idempotencyKey, String approvalId);

  /** Expires a still-pending approval and answers its status afterwards (a decision may have won the race). */
  String expireApproval(String approvalId);

  /** Sends (or leaves as a Gmail draft) the approved message, with the approver's edits already stored. */
  Delivery sendApprovedDraft(String idempotencyKey, String approvalId, boolean asGmailDraft);
}
