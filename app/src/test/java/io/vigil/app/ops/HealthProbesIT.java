package io.vigil.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.vigil.app.Api;
import io.vigil.app.FreePorts;
import io.vigil.app.TestInfrastructure;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probes Kubernetes (or any supervisor) asks, anonymously: liveness says only that the process
 * answers, readiness that PostgreSQL and Temporal do too; neither says more than UP or DOWN.
 */
class HealthProbesIT {

  @Test
  void givenPostgresAndTemporalUp_bothProbesAnswerUpToAnyone() {
    try (EmbeddedServer vigil = ApplicationContext.run(EmbeddedServer.class, properties(Map.of()))) {
      Api anonymous = new Api(vigil.getURL().toString()).anonymous();

      Api.Response liveness = anonymous.get("/health/liveness");
      Api.Response readiness = anonymous.get("/health/readiness");

      assertThat(liveness.status()).isEqualTo(200);
      assertThat(liveness.body().toString()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(readiness.status()).isEqualTo(200);
      assertThat(readiness.body().toString()).isEqualTo("{\"status\":\"UP\"}");
    }
  }

  @Test
  void givenTemporalUnreachable_readinessIsDownWithoutSayingWhyAndLivenessStillUp() {
    // a port nothing listens on: Temporal's connection is refused
    String closed = "127.0.0.1:" + FreePorts.next();
    try (EmbeddedServer vigil = ApplicationContext.run(EmbeddedServer.class,
        properties(Map.of("temporal.address", closed)))) {
      Api anonymous = new Api(vigil.getURL().toString()).anonymous();

      Api.Response readiness = anonymous.get("/health/readiness");

      assertThat(readiness.status()).isEqualTo(503);
      assertThat(readiness.body().toString()).isEqualTo("{\"status\":\"DOWN\"}");
      assertThat(anonymous.get("/health/liveness").status()).isEqualTo(200);
    }
  }

  /** The test infrastructure's, with nothing at start-up that needs Temporal (no worker, no schedules). */
  private static Map<String, Object> properties(Map<String, String> overrides) {
    Map<String, Object> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.role", "api");
    properties.put("vigil.detection.schedule-enabled", "false");
    properties.put("vigil.weekly-report.schedule-enabled", "false");
    properties.putAll(overrides);
    return properties;
  }
}
