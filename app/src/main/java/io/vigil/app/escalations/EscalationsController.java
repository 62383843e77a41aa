package io.vigil.app.escalations;

import io.micronaut.core.annotation.Nullable;
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
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.vigil.activities.escalation.EscalationEvaluator;
import io.vigil.activities.escalation.EscalationType;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Keyset;
import io.vigil.app.api.Limits;
import io.vigil.app.api.Page;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scope;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.EscalationDeliveries;
import io.vigil.infra.persistence.EscalationDetails;
import io.vigil.infra.persistence.EscalationRow;
import io.vigil.infra.persistence.EscalationStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.escalation.EscalationFixWorkflow;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Escalations (docs/insights.md, "Escalations"; docs/api.md): the list and one, each holding only the
 * escalations that touch the caller's customers; resolving one (a fixed bug drafts an "it is fixed"
 * email to each affected customer, held for their CSM's approval); evaluating now.
 */
@Controller("/api/escalations")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class EscalationsController {
  /** Customers an "it is fixed" draft activity handles at once. */
  static final int FIX_PAGE_SIZE = 200;

  private final EscalationStore escalations;
  private final EscalationDeliveries deliveries;
  private final EscalationEvaluator evaluator;
  private final Scopes scopes;
  private final WorkflowClient client;
  private final ApprovalPolicy approval;

  public EscalationsController(EscalationStore escalations, EscalationDeliveries deliveries,
      EscalationEvaluator evaluator, Scopes scopes, WorkflowClient client, ApprovalPolicy approval) {
    this.escalations = escalations;
    this.deliveries = deliveries;
    this.evaluator = evaluator;
    this.scopes = scopes;
    this.client = client;
    this.approval = approval;
  }

  public record CustomerView(String id, String name, BigDecimal arr) {}

  public record DeliveryView(int version, String destination, String status, int attempts, @Nullable String lastError) {}

  public record EscalationView(String id, String type, String status, String theme, String themeKey, String category,
      int requests, List<CustomerView> customers, BigDecimal totalArr, List<String> quotes,
      @Nullable EscalationDetails.Rice rice, @Nullable List<String> confusionPoints,
      @Nullable List<String> suggestedImprovements, @Nullable String priority, @Nullable String impact,
      List<String> tickets, int version, Instant createdAt, Instant updatedAt, @Nullable Instant resolvedAt,
      @Nullable String resolvedBy, @Nullable List<DeliveryView> deliveries) {}

  /** Newest first; {@code type} product_gap, docs_gap or bug; {@code status} open or resolved. */
  @Get
  public Page<EscalationView> list(Authentication auth, @Nullable @QueryValue String type,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    if (type != null && EscalationType.fromLabel(type).isEmpty()) {
      throw ApiError.badRequest("type", EscalationType.MESSAGE);
    }
    if (status != null && !List.of("open", "resolved").contains(status)) {
      throw ApiError.badRequest("status", "must be open or resolved");
    }
    Keyset page = Keyset.of("escalations", limit, cursor, 2);
    Scope scope = scopes.of(Caller.of(auth));
    return page.page(escalations.search(type, status, scope.csmIds(), page.instant(0), page.text(1), page.fetch()),
        e -> view(e, null), e -> List.of(e.createdAt(), e.id()));
  }

  @Get("/{id}")
  public EscalationView get(Authentication auth, @PathVariable String id) {
    return view(visible(auth, id), deliveries.of(id));
  }

  /**
   * Marks it resolved (fixed, shipped, documented). A bug's customers are each told by an email drafted
   * for their CSM's approval. Resolving a resolved escalation changes nothing and answers it as it is.
   */
  @Post("/{id}/resolve")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.INTEGRATION})
  public EscalationView resolve(Authentication auth, @PathVariable String id) {
    Caller caller = Caller.of(auth);
    EscalationRow escalation = caller.is(Roles.INTEGRATION) ? existing(id) : visible(auth, id);
    escalations.resolve(escalation.id(), caller.actor());
    if (EscalationType.BUG.label().equals(escalation.type())) {
      try {
        WorkflowClient.start(EscalationFixWorkflow.starting(client, id)::tellCustomers,
            new EscalationFixWorkflow.Fix(id, approval, FIX_PAGE_SIZE));
      } catch (WorkflowExecutionAlreadyStarted alreadyTelling) {
        // resolved before: its customers are being (or were) told once
      }
    }
    return view(existing(id), deliveries.of(id));
  }

  public record Evaluation(int tickets, int themes, int escalations, int createdOrChanged) {}

  /** Evaluates every escalation now (it also runs after each ticket batch that changed something). */
  @Post("/evaluate")
  @Secured(Roles.ADMIN)
  public Evaluation evaluate() {
    EscalationEvaluator.Evaluated e = evaluator.evaluate();
    return new Evaluation(e.tickets(), e.themes(), e.escalations(), e.changed().size());
  }

  private EscalationRow existing(String id) {
    if (!id.matches(Limits.ID)) {
      throw ApiError.notFound("escalation", id);
    }
    return escalations.find(id).orElseThrow(() -> ApiError.notFound("escalation", id));
  }

  /** The escalation, when it touches a customer of the caller's; 404 otherwise, whether or not it exists. */
  private EscalationRow visible(Authentication auth, String id) {
    EscalationRow e = existing(id);
    Caller caller = Caller.of(auth);
    if (e.details().customers().stream().noneMatch(c -> scopes.mayAct(caller, c.id()))) {
      throw ApiError.notFound("escalation", id);
    }
    return e;
  }

  static EscalationView view(EscalationRow e, List<EscalationDeliveries.DeliveryRow> deliveries) {
    EscalationDetails d = e.details();
    return new EscalationView(e.id(), e.type(), e.status(), e.theme(), e.themeKey(), e.category(), e.requests(),
        d.customers().stream().map(c -> new CustomerView(c.id(), c.name(), c.arr())).toList(), e.totalArr(), d.quotes(),
        d.rice(), d.confusionPoints(), d.suggestedImprovements(), e.priority(), d.impact(), e.ticketIds(), e.version(),
        e.createdAt(), e.updatedAt(), e.resolvedAt(), e.resolvedBy(),
        deliveries == null ? null : deliveries.stream()
            .map(r -> new DeliveryView(r.version(), r.destination(), r.status(), r.attempts(), r.lastError())).toList());
  }
}
