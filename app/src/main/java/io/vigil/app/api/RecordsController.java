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
import java.util.List;

/**
 * What the playbooks produced: risk signals, tasks and every delivery, newest first. A delivery is
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
  public List<Views.RiskSignalView> riskSignals(Authentication auth, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String type) {
    return riskSignals.search(customerId, type, scope(auth)).stream().map(views::riskSignal).toList();
  }

  @Get("/tasks")
  public List<Views.TaskView> tasks(Authentication auth, @Nullable @QueryValue String assigneeId,
      @Nullable @QueryValue String customerId) {
    return tasks.search(assigneeId, customerId, scope(auth)).stream().map(views::task).toList();
  }

  @Get("/notifications")
  public List<Views.NotificationView> notifications(Authentication auth, @Nullable @QueryValue String customerId,
      @Nullable @QueryValue String incidentId) {
    String workflowId = null;
    if (incidentId != null) {
      workflowId = incidents.findById(incidentId).map(ProductIncident::workflowId)
          .orElseThrow(() -> ApiError.notFound("incident", incidentId));
    }
    return notifications.search(customerId, workflowId, scope(auth)).stream().map(views::notification).toList();
  }

  private String scope(Authentication auth) {
    return scopes.of(Caller.of(auth)).csmIdsLiteral();
  }
}
