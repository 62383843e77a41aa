package io.vigil.app.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.vigil.infra.persistence.Sql;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Answers 200 when the service, its database and Temporal are reachable; 503 names which is not.
 * Anyone may ask, so the answer says only up or down; the reason goes to the log. Readiness, for
 * Kubernetes' probe, makes the same checks; liveness is {@link LivenessController}.
 */
@Controller("/health")
@Secured(io.micronaut.security.rules.SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthController.class);

  private final Sql sql;
  private final WorkflowServiceStubs temporal;

  public HealthController(Sql sql, WorkflowServiceStubs temporal) {
    this.sql = sql;
    this.temporal = temporal;
  }

  @Get
  public HttpResponse<Map<String, String>> health() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("database", check(() -> sql.inTransaction(c -> c.createStatement().execute("SELECT 1"))));
    body.put("temporal", check(() -> temporal.blockingStub().withDeadlineAfter(3, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())));
    boolean up = body.values().stream().allMatch("UP"::equals);
    body.put("status", up ? "UP" : "DOWN");
    return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }

  /** Whether to send it traffic: PostgreSQL and Temporal both answer (the checks of {@link #health}). */
  @Get("/readiness")
  public HttpResponse<Map<String, String>> readiness() {
    HttpResponse<Map<String, String>> full = health();
    return HttpResponse.<Map<String, String>>status(full.status()).body(Map.of("status", full.body().get("status")));
  }

  private static String check(Runnable probe) {
    try {
      probe.run();
      return "UP";
    } catch (RuntimeException e) {
      LOG.warn("health check failed: {}", e.getMessage());
      return "DOWN";
    }
  }
}
