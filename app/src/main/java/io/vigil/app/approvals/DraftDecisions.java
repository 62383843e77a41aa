package io.vigil.app.approvals;

import io.micronaut.http.HttpStatus;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.vigil.app.api.ApiError;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides a held draft, whoever asks (the API, the dashboard, a Slack button): a Workflow Update on
 * the playbook that holds it. The workflow accepts the decision (and records it) or refuses it, and
 * the refusal is the workflow's own: 409 when the draft was already decided or has expired.
 */
@Singleton
public class DraftDecisions {
  /** A draft becomes decidable once its workflow is waiting on it, a moment after its row is written. */
  private static final int UNKNOWN_RETRIES = 15;
  private static final long UNKNOWN_RETRY_MILLIS = 200;
  private static final Duration DECISION_WAIT = Duration.ofSeconds(10);

  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Scopes scopes;

  public DraftDecisions(ApprovalRepository approvals, WorkflowClient temporal, Scopes scopes) {
    this.approvals = approvals;
    this.temporal = temporal;
    this.scopes = scopes;
  }

  /**
   * The approval after the decision, and whether the workflow has recorded it yet: {@code recorded}
   * is false when it accepted the decision but the database has not answered within
   * {@link #DECISION_WAIT} (the decision is in its history and nothing else can be decided meanwhile).
   */
  public record Outcome(Approval approval, boolean recorded) {}

  /**
   * The approval {@code id} when {@code caller} may see and decide it (its customer is in their scope),
   * whatever its status: the one answer to "may this person act on this draft" for the API, the
   * pages and Slack.
   */
  public Optional<Approval> actionable(Caller caller, String id) {
    return approvals.findById(id).filter(approval -> scopes.mayAct(caller, approval.customerId()));
  }

  public Outcome decide(Caller caller, String id, DraftDecision.Verdict verdict, String subject, String body, String reason) {
    // one read of the row serves the 404, the scope check and the workflow's id
    Approval approval = find(id);
    if (!scopes.mayAct(caller, approval.customerId())) {
      throw Scopes.forbidden("approval " + id + " is for a customer outside your portfolio; its CSM, their manager "
          + "or an admin decides it");
    }
    DraftDecision decision = new DraftDecision(id, verdict, caller.actor(), caller.credentialId(), subject, body, reason);
    for (int attempt = 0; ; attempt++) {
      try {
        WorkflowUpdateHandle<DecisionResult> handle = WorkflowClient.startUpdate(
            HoldsDrafts.holding(temporal, approval.workflowId())::decideDraft, decision,
            UpdateOptions.<DecisionResult>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build());
        try {
          handle.getResultAsync().get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
          throw failed.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(failed.getCause());
        } catch (TimeoutException slow) {
          return new Outcome(find(id), false);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return new Outcome(find(id), true);
      } catch (WorkflowUpdateException refused) {
        DecisionRefusal refusal = DecisionRefusal.of(refused).orElse(null);
        String type = refusal == null ? "" : refusal.type();
        if (HoldsDrafts.UNKNOWN_APPROVAL.equals(type) && attempt < UNKNOWN_RETRIES && "pending".equals(find(id).status())) {
          pause();
          continue;
        }
        if (refusal == null || HoldsDrafts.NOT_RECORDED.equals(type)) {
          throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "the decision on approval " + id + " could not be recorded"
              + (refusal == null ? "" : " (" + refusal.message() + ")") + "; it is still " + find(id).status()
              + ", try again", List.of());
        }
        throw ApiError.conflict(refusal.message() + "; only a pending approval can be " + verdict.status());
      } catch (WorkflowNotFoundException gone) {
        approvals.abandon(id, "pending");
        throw ApiError.conflict("the workflow " + approval.workflowId() + " that held approval " + id
            + " has ended; nothing was sent");
      } catch (RuntimeException unreachable) {
        throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "could not reach Temporal to deliver the decision ("
            + unreachable.getMessage() + "); the approval is still " + find(id).status() + ", try again", List.of());
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(UNKNOWN_RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Approval find(String id) {
    return approvals.findById(id).orElseThrow(() -> ApiError.notFound("approval", id));
  }
}
