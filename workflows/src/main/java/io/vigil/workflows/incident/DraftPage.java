package io.vigil.workflows.incident;

import java.util.List;

/**
 * A page of drafts held for high-impact customers, in customer id order; {@code next} is the cursor
 * of the following page, null after the last.
 */
public record DraftPage(List<Drafted> drafts, String next) {
  /**
   * One customer's draft: its approval id, who must approve it, and the approval's status now (a
   * draft held before, already decided or expired, is not waited on again).
   */
  public record Drafted(String customerId, String approvalId, String approverId, String status) {
    public boolean pending() {
      return "pending".equals(status);
    }
  }
}
