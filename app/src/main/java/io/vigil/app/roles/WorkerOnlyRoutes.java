package io.vigil.app.roles;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.ApiErrorHandler;
import java.util.List;

/**
 * A worker-only process ({@code VIGIL_ROLE=worker}) serves its probes and metrics, nothing else: a
 * request for the API, the dashboard or a webhook that a load balancer sent it by mistake is answered
 * 404 saying why, before authentication, so nothing is read or changed here.
 */
@ServerFilter("/**")
@Requires(property = Role.PROPERTY, value = "worker")
public class WorkerOnlyRoutes implements Ordered {
  private static final List<String> SERVED = List.of("/health", "/metrics");

  @RequestFilter
  @Nullable
  public HttpResponse<?> refuse(HttpRequest<?> request) {
    String path = request.getPath();
    if (SERVED.stream().anyMatch(served -> path.equals(served) || path.startsWith(served + "/"))) {
      return null;
    }
    return ApiErrorHandler.response(new ApiError(HttpStatus.NOT_FOUND, "this Vigil process is a worker "
        + "(VIGIL_ROLE=worker): it serves /health and /metrics only; send " + path + " to an api instance", List.of()));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}
