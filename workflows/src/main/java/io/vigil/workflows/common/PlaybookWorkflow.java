package io.vigil.workflows.common;

import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * What every playbook workflow implementation extends: its drafts' decisions (the {@link HoldsDrafts}
 * update and the legacy signals) all go to one {@link ApprovalGate}, which the playbook waits on.
 */
public abstract class PlaybookWorkflow implements HoldsDrafts {
  protected final ApprovalGate approvalGate = new ApprovalGate();

  @Override
  public void validateDecision(DraftDecision decision) {
    approvalGate.validate(decision);
  }

  @Override
  public DecisionResult decideDraft(DraftDecision decision) {
    return approvalGate.decide(decision);
  }

  @Override
  public void approveDraft(ApproveDraft approval) {
    approvalGate.approve(approval);
  }

  @Override
  public void rejectDraft(RejectDraft rejection) {
    approvalGate.reject(rejection);
  }

  protected static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
