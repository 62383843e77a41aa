package io.vigil.workflows.common;

/**
 * How a held draft ended: approved (and sent), rejected, expired, approved but failed to send
 * ({@code reason} says why), or withdrawn by its playbook as no longer needed ({@code reason}).
 */
public record ApprovalOutcome(String approvalId, Status status, String decidedBy, String reason) {
  public enum Status {
    APPROVED,
    REJECTED,
    EXPIRED,
    /** Approved, but the send failed for good: the approval is marked failed and its approver told. */
    FAILED,
    /** Withdrawn while pending: what it was for happened another way (a check-in after silence met a contact). */
    WITHDRAWN
  }
}
