package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.RejectDraft;
import java.util.List;
import java.util.Set;

/**
 * The CSM's approval queue. A decision is stored only on a pending approval (a second decision is
 * a 409), then signalled to the waiting workflow, which sends or drops the draft.
 */
@Controller("/api/approvals")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApprovalsController {
  private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "sent", "drafted");

  private final ApprovalRepository approvals;
  private final WorkflowClient temporal;
  private final Views views;

  public ApprovalsController(ApprovalRepository approvals, WorkflowClient temporal, Views views) {
    this.approvals = approvals;
    this.temporal = temporal;
    this.views = views;
  }

  @Get
  public List<Views.ApprovalView> list(@Nullable @QueryValue String status, @Nullable @QueryValue String customerId) {
    if (status != null && !STATUSES.contains(status)) {
      throw ApiError.badRequest("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
    }
    return approvals.search(status, customerId).stream().map(views::approval).toList();
  }

  @Get("/{id}")
  public Views.ApprovalView get(@PathVariable String id) {
    return views.approval(find(id));
  }

  @Post("/{id}/approve")
  public Views.ApprovalView approve(@PathVariable String id, @Body JsonNode body) {
    Fields f = new Fields(body);
    String approvedBy = f.text("approvedBy");
    String subject = f.optionalText("subject");
    String text = f.optionalText("body");
    f.throwIfInvalid();
    Approval approval = decide(id, "approved", approvedBy, null, subject, text);
    signal(approval, "approveDraft", new ApproveDraft(id, approvedBy, subject, text));
    return views.approval(find(id));
  }

  @Post("/{id}/reject")
  public Views.ApprovalView reject(@PathVariable String id, @Body JsonNode body) {
    Fields f = new Fields(body);
    String rejectedBy = f.text("rejectedBy");
    String reason = f.text("reason");
    f.throwIfInvalid();
    Approval approval = decide(id, "rejected", rejectedBy, reason, null, null);
    signal(approval, "rejectDraft", new RejectDraft(id, rejectedBy, reason));
    return views.approval(find(id));
  }

  private Approval decide(String id, String status, String by, String reason, String subject, String body) {
    Approval approval = find(id);
    if (!"pending".equals(approval.status()) || approvals.decide(id, status, by, reason, subject, body) == 0) {
      throw ApiError.conflict("approval " + id + " is already " + find(id).status() + "; only a pending approval can be "
          + status);
    }
    return approval;
  }

  private void signal(Approval approval, String signal, Object decision) {
    try {
      temporal.newUntypedWorkflowStub(approval.workflowId()).signal(signal, decision);
    } catch (WorkflowNotFoundException gone) {
      approvals.abandon(approval.id(), decided(signal));
      throw ApiError.conflict("the workflow " + approval.workflowId() + " that held approval " + approval.id()
          + " has ended; nothing was sent");
    } catch (RuntimeException unreachable) {
      approvals.reopen(approval.id(), decided(signal));
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "could not reach Temporal to deliver the decision ("
          + unreachable.getMessage() + "); the approval is still pending, try again", List.of());
    }
  }

  private static String decided(String signal) {
    return signal.equals("approveDraft") ? "approved" : "rejected";
  }

  private Approval find(String id) {
    return approvals.findById(id).orElseThrow(() -> ApiError.notFound("approval", id));
  }
}
