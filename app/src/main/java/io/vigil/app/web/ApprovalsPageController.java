package io.vigil.app.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Limits;
import io.vigil.app.approvals.DraftDecisions;
import io.vigil.app.security.Roles;
import io.vigil.infra.persistence.Approval;
import io.vigil.infra.persistence.ApprovalRepository;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.workflows.common.DraftDecision;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The approval queue ({@code /approvals}) and a draft opened beside it ({@code /approvals/{id}}):
 * subject and body editable, approve or reject with a reason. Decisions go through
 * {@link DraftDecisions}, the Workflow Update the API uses; its refusals are shown in words.
 */
@Hidden
@Controller("/approvals")
@Produces(MediaType.TEXT_HTML)
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ApprovalsPageController {
  private static final int QUEUE = 100;

  private final ApprovalRepository approvals;
  private final CustomerRepository customers;
  private final DraftDecisions decisions;
  private final Viewers viewers;

  public ApprovalsPageController(ApprovalRepository approvals, CustomerRepository customers, DraftDecisions decisions,
      Viewers viewers) {
    this.approvals = approvals;
    this.customers = customers;
    this.decisions = decisions;
    this.viewers = viewers;
  }

  public record QueueItem(String id, String customerName, String kind, String subject, String created) {}

  /** The draft as the form shows it; {@code subject} and {@code body} are what was typed when a decision was refused. */
  public record Draft(String id, String customerId, String customerName, String kind, String to, String subject,
      String body, String status, String created, String decided) {
    public boolean isPending() {
      return "pending".equals(status);
    }
  }

  @Get
  public HttpResponse<ModelAndView<Map<String, Object>>> queue(Authentication auth, @Nullable @QueryValue String decided,
      @Nullable @QueryValue String verdict, @Nullable @QueryValue String customerId) {
    Viewer viewer = viewers.of(auth);
    String ok = decided == null ? null
        : "Draft " + decided + " " + ("rejected".equals(verdict) ? "rejected." : "approved: it is on its way.");
    Map<String, Object> model = model(viewer, null, null, ok);
    if (customerId != null && !customerId.isBlank()) {
      // the drafts of one customer, as Slack and email link to them ("Draft Check-In Email"); the
      // viewer's scope still applies, so another portfolio's customer shows an empty queue
      List<Approval> pending = approvals.search("pending", customerId, viewer.scope().csmIdsLiteral(), null, null, QUEUE);
      List<QueueItem> items = queueItems(pending);
      model.put("queue", items);
      // named only from drafts the viewer may see: a customer of another portfolio stays its id
      model.put("onlyCustomer", items.isEmpty() ? customerId : items.get(0).customerName());
    }
    return Pages.render(HttpStatus.OK, "approvals", model);
  }

  @Get("/{id}")
  public HttpResponse<ModelAndView<Map<String, Object>>> open(Authentication auth, @PathVariable String id) {
    Viewer viewer = viewers.of(auth);
    Approval approval = decisions.actionable(viewer.caller(), id).orElse(null);
    if (approval == null) {
      return Pages.render(HttpStatus.NOT_FOUND, "approvals", model(viewer, null,
          "Not found: there is no draft " + id + " among " + viewer.portfolio() + "'s.", null));
    }
    return Pages.render(HttpStatus.OK, "approvals", model(viewer, draft(approval, null, null), null, null));
  }

  @Post("/{id}/approve")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> approve(Authentication auth, @PathVariable String id, @Nullable @Body Forms.Draft form) {
    Viewer viewer = viewers.of(auth);
    String subject = form == null ? null : form.subject();
    String body = form == null ? null : form.body();
    String typedSubject = subject == null ? "" : subject.strip();
    String typedBody = body == null ? "" : body.strip();
    if (typedSubject.isEmpty() || typedSubject.length() > Limits.NAME || typedBody.isEmpty() || typedBody.length() > Limits.TEXT) {
      return refused(viewer, id, typedSubject, typedBody, HttpStatus.BAD_REQUEST, "Not accepted: the subject needs 1 to "
          + Limits.NAME + " characters and the body 1 to " + Limits.TEXT + ".");
    }
    try {
      Approval before = find(id);
      // only what was changed is sent as an edit, so the record shows whether the CSM edited the draft
      String newSubject = Objects.equals(before.subject(), typedSubject) ? null : typedSubject;
      String newBody = Objects.equals(before.body().strip(), typedBody) ? null : typedBody;
      decisions.decide(viewer.caller(), id, DraftDecision.Verdict.APPROVE, newSubject, newBody, null);
    } catch (ApiError error) {
      return refused(viewer, id, typedSubject, typedBody, error.status(), Words.of(error));
    }
    return Pages.seeOther("/approvals?decided=" + id + "&verdict=approved");
  }

  @Post("/{id}/reject")
  @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
  public HttpResponse<?> reject(Authentication auth, @PathVariable String id, @Nullable @Body Forms.Reason form) {
    Viewer viewer = viewers.of(auth);
    String reason = form == null ? null : form.reason();
    String given = reason == null ? "" : reason.strip();
    if (given.isEmpty() || given.length() > Limits.TEXT) {
      return refused(viewer, id, null, null, HttpStatus.BAD_REQUEST,
          "Not accepted: say why the draft is rejected (up to " + Limits.TEXT + " characters).");
    }
    try {
      decisions.decide(viewer.caller(), id, DraftDecision.Verdict.REJECT, null, null, given);
    } catch (ApiError error) {
      return refused(viewer, id, null, null, error.status(), Words.of(error));
    }
    return Pages.seeOther("/approvals?decided=" + id + "&verdict=rejected");
  }

  /** The queue with the draft as it now stands (what was typed kept), and why nothing was decided. */
  private HttpResponse<?> refused(Viewer viewer, String id, String subject, String body, HttpStatus status, String why) {
    Draft draft = decisions.actionable(viewer.caller(), id)
        .map(a -> draft(a, subject, body)).orElse(null);
    return Pages.render(status, "approvals", model(viewer, draft, why, null));
  }

  private Map<String, Object> model(Viewer viewer, Draft draft, String error, String ok) {
    List<Approval> pending = approvals.search("pending", null, viewer.scope().csmIdsLiteral(), null, null, QUEUE);
    Map<String, Object> model = Pages.model(viewer, "approvals");
    model.put("queue", queueItems(pending));
    model.put("draft", draft);
    model.put("error", error);
    model.put("ok", ok);
    return model;
  }

  private List<QueueItem> queueItems(List<Approval> pending) {
    Map<String, String> names = names(pending.stream().map(Approval::customerId).distinct().toList());
    return pending.stream().map(a -> new QueueItem(a.id(), names.getOrDefault(a.customerId(), a.customerId()),
        PageFormat.label(a.kind()), a.subject(), PageFormat.when(a.createdAt()))).toList();
  }

  private Draft draft(Approval a, String typedSubject, String typedBody) {
    String customerName = customers.findById(a.customerId()).map(Customer::name).orElse(a.customerId());
    String decided = a.decidedBy() == null ? null : a.status() + " by " + a.decidedBy() + " at " + PageFormat.when(a.decidedAt());
    return new Draft(a.id(), a.customerId(), customerName, PageFormat.label(a.kind()), a.toAddress(),
        typedSubject != null ? typedSubject : a.subject(), typedBody != null ? typedBody : a.body(), a.status(),
        PageFormat.when(a.createdAt()), decided);
  }

  private Map<String, String> names(List<String> ids) {
    return ids.isEmpty() ? Map.of() : customers.findByIdInList(ids).stream()
        .collect(Collectors.toMap(Customer::id, Customer::name, (x, y) -> x));
  }

  private Approval find(String id) {
    return approvals.findById(id).orElseThrow(() -> ApiError.notFound("approval", id));
  }
}
