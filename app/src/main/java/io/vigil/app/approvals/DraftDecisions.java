package io.vigil.app.approvals;

import io.grpc.StatusRuntimeException;
import io.micronaut.scheduling.TaskExecutors;
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
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
  /**
   * How long a decision waits for Temporal to accept it. Left alone, the client retries an
   * unreachable server for a minute, past the 60 s a proxy usually gives a request: the caller would
   * get the proxy's 504, or nothing, instead of this service's 503 saying to try again.
   */
  static final Duration TEMPORAL_WAIT = Duration.ofSeconds(20);
  /** A restarted Temporal is back, and its workers polling, within seconds. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Scopes scopes;
  private final ExecutorService calls;

  public DraftDecisions(ApprovalRepository approvals, WorkflowClient temporal, Scopes scopes,
      @Named(TaskExecutors.BLOCKING) ExecutorService calls) {
    this.approvals = approvals;
    this.temporal = temporal;
    this.scopes = scopes;
    this.calls = calls;
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
        WorkflowUpdateHandle<DecisionResult> handle = accepted(approval.workflowId(), decision);
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
          throw ApiError.unavailable("the decision on approval " + id + " could not be recorded"
              + (refusal == null ? "" : " (" + refusal.message() + ")") + "; it is still " + find(id).status()
              + ", try again", RETRY_AFTER);
        }
        if (HoldsDrafts.UNKNOWN_APPROVAL.equals(type)) {
          throw ApiError.conflict("approval " + id + " is " + find(id).status() + ", but its playbook ("
              + approval.workflowId() + ") is not waiting on it: " + refusal.message() + "; nothing was recorded");
        }
        throw ApiError.conflict(refusal.message() + "; only a pending approval can be " + verdict.status());
      } catch (WorkflowNotFoundException gone) {
        approvals.abandon(id, "pending");
        throw ApiError.conflict("the workflow " + approval.workflowId() + " that held approval " + id
            + " has ended; nothing was sent");
      } catch (ApiError answered) {
        throw answered;
      } catch (RuntimeException unreachable) {
        throw unavailable(caller, id, verdict, why(unreachable));
      }
    }
  }

  /**
   * Delivers the decision and waits until the workflow has accepted it, at most {@link #TEMPORAL_WAIT}.
   * A call that outlasts it is left to finish or fail by itself: what it delivers later is the same
   * decision, which the workflow takes once (its write is idempotent, a second one refused).
   */
  private WorkflowUpdateHandle<DecisionResult> accepted(String workflowId, DraftDecision decision) {
    // an untyped stub: a typed one reads HoldsDrafts' methods and annotations by reflection on every
    // request; the update's name and result type are all this call needs
    Future<WorkflowUpdateHandle<DecisionResult>> call = calls.submit(() -> temporal.newUntypedWorkflowStub(workflowId)
        .startUpdate(UpdateOptions.newBuilder(DecisionResult.class).setUpdateName(HoldsDrafts.DECIDE)
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED).build(), decision));
    try {
      return call.get(TEMPORAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(failed.getCause());
    } catch (TimeoutException silent) {
      throw new Silent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The 503 when Temporal could not be reached or did not answer. The decision may have been written
   * although its playbook's server lost it (it dies between the write and making the acceptance
   * durable: docs/architecture.md, "Approvals"); the caller is told so, and that deciding again is safe.
   */
  private ApiError unavailable(Caller caller, String id, DraftDecision.Verdict verdict, String why) {
    Approval now = find(id);
    if (verdict.status().equals(now.status()) && caller.actor().equals(now.decidedBy())) {
      return ApiError.unavailable("your decision on approval " + id + " is recorded (" + now.status() + " by "
          + now.decidedBy() + ") but its playbook did not confirm it: Temporal " + why + ". Decide again in a few "
          + "seconds (that is safe: it is taken once" + (verdict == DraftDecision.Verdict.APPROVE ? ", the email goes once" : "")
          + "; a 409 naming you as its decider means it has got through meanwhile); otherwise the playbook takes it "
          + "from the record when the draft would have expired", RETRY_AFTER);
    }
    return ApiError.unavailable("the decision on approval " + id + " did not reach its playbook: Temporal " + why
        + ". The approval is still " + now.status() + "; try again in a few seconds", RETRY_AFTER);
  }

  /** What went wrong with Temporal, in words: gRPC's status rather than the client's wrapper. */
  private static String why(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc) {
        return "could not be reached (" + grpc.getStatus().getCode()
            + (grpc.getStatus().getDescription() == null ? "" : ": " + grpc.getStatus().getDescription()) + ")";
      }
    }
    return failure instanceof Silent ? "did not accept it within " + TEMPORAL_WAIT.toSeconds() + " s"
        : "could not be reached (" + failure.getMessage() + ")";
  }

  /** Temporal did not accept the decision within {@link #TEMPORAL_WAIT}. */
  private static final class Silent extends RuntimeException {
    Silent() {
      super(null, null, false, false);
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
