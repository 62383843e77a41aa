package io.vigil.app.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.IncidentRepository;
import io.vigil.infra.persistence.NotificationRepository;
import io.vigil.infra.persistence.ProductIncident;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TaskRepository;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * What the playbooks produced: risk signals, tasks and every delivery, newest first, a page at a time
 * ({@link Keyset}). A delivery is
 * listed under every customer it mentions, and under its incident. Each list holds only the
 * caller's customers (a delivery: when it mentions one of them).
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class RecordsController {
  private final RiskSignalRepository riskSignals;
  private final TaskRepository tasks;
  private final NotificationRepository notifications;
  private final IncidentRepository incidents;
  private final Views views;
  private final Scopes scopes;

  public RecordsController(RiskSignalRepository riskSignals, TaskRepository tasks, NotificationRepository notifications,
      IncidentRepository incidents, Views views, Scopes scopes) {
    this.scopes = scopes;
    this.riskSignals = riskSignals;
    this.tasks = tasks;
    this.notifications = notifications;
    this.incidents = incidents;
    this.views = views;
  }

  @Get("/risk-signals")
  public Page<Views.RiskSignalView> riskSignals(Authentication auth, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String type,
      @Nullable @QueryValue @Pattern(regexp = "open|acknowledged|resolved|dismissed", message = "must be one of open, acknowledged, resolved, dismissed") String status,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("risk-signals", limit, cursor, 2);
    return page.page(riskSignals.search(customerId, type, status, scope(auth), page.instant(0), page.number(1), page.fetch()),
        views::riskSignal, r -> List.of(r.createdAt(), r.id()));
  }

  @Get("/tasks")
  public Page<Views.TaskView> tasks(Authentication auth, @Nullable @QueryValue String assigneeId,
      @Nullable @QueryValue String customerId, @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("tasks", limit, cursor, 2);
    return page.page(tasks.search(assigneeId, customerId, scope(auth), page.instant(0), page.number(1), page.fetch()),
        views::task, t -> List.of(t.createdAt(), t.id()));
  }

  @Get("/notifications")
  public Page<Views.NotificationView> notifications(Authentication auth, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String incidentId, @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("notifications", limit, cursor, 2);
    String workflowId = null;
    if (incidentId != null) {
      workflowId = incidents.findById(incidentId).map(ProductIncident::workflowId)
          .orElseThrow(() -> ApiError.notFound("incident", incidentId));
    }
    return page.page(notifications.search(customerId, workflowId, scope(auth), page.instant(0), page.number(1),
        page.fetch()), views::notification, n -> List.of(n.createdAt(), n.id()));
  }

  private String scope(Authentication auth) {
    return scopes.of(Caller.of(auth)).csmIdsLiteral();
  }
}
