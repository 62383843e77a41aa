package io.vigil.workflows.common;

/**
 * How a held draft ended: approved (and sent), rejected, expired, or approved but failed to send
 * ({@code reason} says why).
 */
public record ApprovalOutcome(String approvalId, Status status, String decidedBy, String reason) {
  public enum Status {
    APPROVED,
    REJECTED,
    EXPIRED,
    /** Approved, but the send failed for good: the approval is marked failed and its approver told. */
    FAILED
  }
}
