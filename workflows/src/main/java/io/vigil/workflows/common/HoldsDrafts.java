package io.vigil.workflows.common;

import io.temporal.client.WorkflowClient;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * Every playbook workflow that holds drafts for a person's approval. The decision is a Workflow
 * Update: the workflow itself accepts or refuses it (validator), records it, and only then answers,
 * so the HTTP answer is the workflow's own. The two signals are kept for workflows that were already
 * waiting when decisions were still signalled.
 */
public interface HoldsDrafts {
  String DECIDE = "decideDraft";

  /**
   * Failure types a refused decision carries (the HTTP layer maps them to 404 and 409). Read them
   * with {@link DecisionRefusal#of}: SDK 1.38.0 loses the type of a failure thrown by a validator.
   */
  String UNKNOWN_APPROVAL = "UnknownApproval";
  String ALREADY_DECIDED = "AlreadyDecided";
  String EXPIRED = "ApprovalExpired";
  /** A decision without a verdict or without who decided (the HTTP layer's validation should catch it first: 400). */
  String INVALID_DECISION = "InvalidDecision";
  /** The decision was accepted but the database would not take it; the approval is still pending (try again). */
  String NOT_RECORDED = "DecisionNotRecorded";

  @UpdateMethod(name = DECIDE)
  DecisionResult decideDraft(DraftDecision decision);

  @UpdateValidatorMethod(updateName = DECIDE)
  void validateDecision(DraftDecision decision);

  /** Legacy: decisions signalled after a database write, before decisions became updates. */
  @SignalMethod
  void approveDraft(ApproveDraft approval);

  /** Legacy, as {@link #approveDraft}. */
  @SignalMethod
  void rejectDraft(RejectDraft rejection);

  /** A typed stub on the workflow that holds a draft, whatever its playbook: the approval row names it. */
  static HoldsDrafts holding(WorkflowClient client, String workflowId) {
    return client.newWorkflowStub(HoldsDrafts.class, workflowId);
  }
}
