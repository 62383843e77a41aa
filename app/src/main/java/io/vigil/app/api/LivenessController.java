package io.vigil.app.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/**
 * Whether the process answers at all, for Kubernetes' liveness probe. It asks no dependency (a
 * database outage must not get the pod restarted: that is readiness, {@link HealthController}) and
 * runs on the event loop, not the HTTP thread pool, so a service busy with every request it can
 * take still answers that it is alive.
 */
@Controller("/health/liveness")
@Secured(SecurityRule.IS_ANONYMOUS)
public class LivenessController {
  @Get
  public Map<String, String> liveness() {
    return Map.of("status", "UP");
  }
}
