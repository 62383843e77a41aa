package io.vigil.workflows.escalation;

import java.util.List;

/** A page of "it is fixed" drafts; {@code next} is the cursor of the following page, null after the last. */
public record FixedDrafts(List<Drafted> drafts, String next) {
  /** One customer's draft and its approval's status now (one decided or expired before is not waited on again). */
  public record Drafted(String customerId, String approvalId, String approverId, String status) {
    public boolean pending() {
      return "pending".equals(status);
    }
  }
}
