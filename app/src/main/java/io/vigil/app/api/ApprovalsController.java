package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import io.vigil.app.approvals.DraftDecisions;
import io.vigil.app.security.AuditFilter;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.workflows.common.DraftDecision;
import java.util.List;
import java.util.Set;

/**
 * The approval queue. A decision goes through {@link DraftDecisions} (a Workflow Update on the
 * playbook that holds the draft), as it does from the dashboard and Slack. The decider is the
 * caller; an {@code approvedBy}/{@code rejectedBy} in the body is ignored.
 */
@Controller("/api/approvals")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
public class ApprovalsController {
  private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "expired", "sent", "drafted", "failed", "withdrawn");

  private final ApprovalRepository approvals;
  private final DraftDecisions decisions;
  private final Views views;
  private final Scopes scopes;

  public ApprovalsController(ApprovalRepository approvals, DraftDecisions decisions, Views views, Scopes scopes) {
    this.approvals = approvals;
    this.decisions = decisions;
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
    return views.approval(decisions.actionable(Caller.of(auth), id).orElseThrow(() -> ApiError.notFound("approval", id)));
  }

  /** Edits replace the drafted text before it is sent; {@code approvedBy} from older clients is ignored. */
  @Introspected
  public record ApproveRequest(@Nullable @Size(min = 1, max = Limits.NAME) String subject,
      @Nullable @Size(min = 1, max = Limits.TEXT) String body) {}

  @Introspected
  public record RejectRequest(@NotBlank @Size(max = Limits.TEXT) String reason) {}

  @Post("/{id}/approve")
  public HttpResponse<Views.ApprovalView> approve(HttpRequest<?> request, Authentication auth, @PathVariable String id,
      @Nullable @Body @Valid ApproveRequest body) {
    ApproveRequest edits = body == null ? new ApproveRequest(null, null) : body;
    return decide(request, auth, id, DraftDecision.Verdict.APPROVE, edits.subject(), edits.body(), null);
  }

  @Post("/{id}/reject")
  public HttpResponse<Views.ApprovalView> reject(HttpRequest<?> request, Authentication auth, @PathVariable String id,
      @Body @Valid RejectRequest body) {
    return decide(request, auth, id, DraftDecision.Verdict.REJECT, null, null, body.reason().strip());
  }

  /**
   * 200 once the workflow recorded the decision; 202 when it accepted it but the database has not
   * answered yet (see {@link DraftDecisions}). The audit line takes the approval's customer from
   * here rather than reading the row again.
   */
  private HttpResponse<Views.ApprovalView> decide(HttpRequest<?> request, Authentication auth, String id,
      DraftDecision.Verdict verdict, String subject, String body, String reason) {
    DraftDecisions.Outcome outcome = decisions.decide(Caller.of(auth), id, verdict, subject, body, reason);
    request.setAttribute(AuditFilter.CUSTOMER_ID, outcome.approval().customerId());
    Views.ApprovalView view = views.approval(outcome.approval());
    return outcome.recorded() ? HttpResponse.ok(view) : HttpResponse.accepted().body(view);
  }

}
