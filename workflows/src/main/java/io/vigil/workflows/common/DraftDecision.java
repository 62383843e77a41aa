package io.vigil.workflows.common;

/**
 * A person's decision on a held draft, sent to the playbook workflow as the {@link HoldsDrafts#DECIDE}
 * Workflow Update. {@code decidedBy} is the authenticated user, {@code credentialId} the credential
 * they used (an API token id or {@code oidc:<subject>}). On approval a non-null subject or body
 * replaces the drafted one; on rejection {@code reason} says why.
 */
public record DraftDecision(
    String approvalId,
    Verdict verdict,
    String decidedBy,
    String credentialId,
    String subject,
    String body,
    String reason) {

  public enum Verdict {
    APPROVE,
    REJECT;

    /** The approval row's status once this verdict is recorded. */
    public String status() {
      return this == APPROVE ? "approved" : "rejected";
    }
  }
}
