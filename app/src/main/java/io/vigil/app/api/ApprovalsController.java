package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.HoldsDrafts;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The approval queue. A decision is a Workflow Update on the playbook that holds the draft: the
 * workflow accepts it (and records it) or refuses it, and the answer here is the workflow's own:
 * 200, or 409 when the draft was already decided or has expired. The decider is the caller; an
 * {@code approvedBy}/{@code rejectedBy} in the body is ignored.
 */
@Controller("/api/approvals")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
public class ApprovalsController {
  private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "sent", "drafted", "failed", "withdrawn");
  /** A draft becomes decidable once its workflow is waiting on it, a moment after its row is written. */
  private static final int UNKNOWN_RETRIES = 15;
  private static final long UNKNOWN_RETRY_MILLIS = 200;
  private static final Duration DECISION_WAIT = Duration.ofSeconds(10);

  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Views views;
  private final Scopes scopes;

  public ApprovalsController(ApprovalRepository approvals, WorkflowClient temporal, Views views, Scopes scopes) {
    this.approvals = approvals;
    this.temporal = temporal;
    this.views = views;
    this.scopes = scopes;
  }

  @Get
  public Page<Views.ApprovalView> list(Authentication auth, @Nullable @QueryValue String status,
      @Nullable @QueryValue String customerId, @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("approvals", limit, cursor, 2);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
    }
    String scope = scopes.of(Caller.of(auth)).csmIdsLiteral();
    return page.page(approvals.search(status, customerId, scope, page.instant(0), page.text(1), page.fetch()),
        views::approval, a -> List.of(a.createdAt(), a.id()));
  }

  @Get("/{id}")
  public Views.ApprovalView get(Authentication auth, @PathVariable String id) {
    Approval approval = find(id);
    if (!scopes.mayAct(Caller.of(auth), approval.customerId())) {
      throw ApiError.notFound("approval", id);
    }
    return views.approval(approval);
  }

  /** Edits replace the drafted text before it is sent; {@code approvedBy} from older clients is ignored. */
  @Introspected
  public record ApproveRequest(@Nullable @Size(min = 1, max = Limits.NAME) String subject,
      @Nullable @Size(min = 1, max = Limits.TEXT) String body) {}

  @Introspected
  public record RejectRequest(@NotBlank @Size(max = Limits.TEXT) String reason) {}

  @Post("/{id}/approve")
  public HttpResponse<Views.ApprovalView> approve(Authentication auth, @PathVariable String id,
      @Nullable @Body @Valid ApproveRequest body) {
    ApproveRequest edits = body == null ? new ApproveRequest(null, null) : body;
    return decide(auth, id, DraftDecision.Verdict.APPROVE, edits.subject(), edits.body(), null);
  }

  @Post("/{id}/reject")
  public HttpResponse<Views.ApprovalView> reject(Authentication auth, @PathVariable String id,
      @Body @Valid RejectRequest body) {
    return decide(auth, id, DraftDecision.Verdict.REJECT, null, null, body.reason().strip());
  }

  /**
   * 200 once the workflow recorded the decision; 202 when it accepted the decision but the database
   * has not answered within {@link #DECISION_WAIT} (the workflow records it as soon as it can: the
   * decision is in its history and nothing else can be decided meanwhile).
   */
  private HttpResponse<Views.ApprovalView> decide(Authentication auth, String id, DraftDecision.Verdict verdict, String subject,
      String body, String reason) {
    Caller caller = Caller.of(auth);
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
          return HttpResponse.accepted().body(views.approval(find(id)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return HttpResponse.ok(views.approval(find(id)));
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
