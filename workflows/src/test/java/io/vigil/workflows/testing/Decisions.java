package io.vigil.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.RecordedDecision;

/**
 * Decisions on held drafts as the approvals API sends them: the {@link HoldsDrafts#DECIDE} update on
 * a {@link HoldsDrafts} stub by workflow id, whatever the playbook, and the failure a refused one carries.
 */
public final class Decisions {
  private Decisions() {}

  public static DraftDecision approval(String approvalId, String decidedBy) {
    return approvalWithEdits(approvalId, decidedBy, null, null);
  }

  public static DraftDecision approvalWithEdits(String approvalId, String decidedBy, String subject, String body) {
    return new DraftDecision(approvalId, DraftDecision.Verdict.APPROVE, decidedBy, credentialOf(decidedBy), subject, body, null);
  }

  public static DraftDecision rejection(String approvalId, String decidedBy, String reason) {
    return new DraftDecision(approvalId, DraftDecision.Verdict.REJECT, decidedBy, credentialOf(decidedBy), null, null, reason);
  }

  /** What {@code recordDecision} answers when it finds the approval pending: the row now holds {@code decision}. */
  public static RecordedDecision recorded(DraftDecision decision) {
    return new RecordedDecision(decision.verdict().status(), decision.decidedBy());
  }

  /** The API token each test person decides with. */
  public static String credentialOf(String person) {
    return "token-of-" + person;
  }

  /** Sends {@code decision} and answers the workflow's result; a refusal throws {@link WorkflowUpdateException}. */
  public static DecisionResult decide(WorkflowClient client, String workflowId, DraftDecision decision) {
    return HoldsDrafts.holding(client, workflowId).decideDraft(decision);
  }

  /** Sends {@code decision}, which must be refused, and answers the refusal as the HTTP layer reads it. */
  public static DecisionRefusal refusalOf(WorkflowClient client, String workflowId, DraftDecision decision) {
    return refusal(catchThrowable(() -> decide(client, workflowId, decision)));
  }

  /** The refusal a failed decision carries, read with {@link DecisionRefusal#of} as the HTTP layer reads it. */
  public static DecisionRefusal refusal(Throwable thrown) {
    assertThat(thrown).as("a refused decision").isInstanceOf(WorkflowUpdateException.class);
    assertThat(thrown.getCause()).as("the refusal's cause").isInstanceOf(ApplicationFailure.class);
    return DecisionRefusal.of(thrown)
        .orElseThrow(() -> new AssertionError("not a refused decision: " + thrown.getCause()));
  }
}
