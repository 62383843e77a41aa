package io.vigil.app.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Hidden;
import io.vigil.app.security.Roles;

/**
 * Prometheus' scrape of every meter: HTTP, the database pool, the JVM, the Temporal SDK's worker
 * and client, and Vigil's own (docs/operations.md, "Metrics"). Admin and integration bearer tokens
 * only (Prometheus' {@code authorization} setting): the series name customers' severities and the
 * size of the approval backlog, which is not for anonymous eyes (docs/security.md).
 */
@Controller("/metrics")
@Secured({Roles.ADMIN, Roles.INTEGRATION})
@Hidden
public class MetricsController {
  /** Prometheus' text exposition format, version 0.0.4: what every Prometheus scrapes. */
  static final MediaType PROMETHEUS_TEXT = MediaType.of("text/plain; version=0.0.4; charset=utf-8");

  private final PrometheusMeterRegistry registry;

  public MetricsController(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  // the approval gauges may read the database (at most once per ApprovalBacklog.MAX_AGE)
  @Get
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<String> scrape() {
    return HttpResponse.ok(registry.scrape()).contentType(PROMETHEUS_TEXT);
  }
}
