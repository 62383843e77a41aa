package io.vigil.workflows.common;

/** How a held draft ended: approved (and sent), rejected or expired. */
public record ApprovalOutcome(String approvalId, Status status, String decidedBy, String reason) {
  public enum Status {
    APPROVED,
    REJECTED,
    EXPIRED
  }
}
