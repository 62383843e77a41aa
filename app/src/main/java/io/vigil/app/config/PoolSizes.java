package io.vigil.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The threads that may hold a database connection at once, from which the connection pool is sized
 * (see docs/operations.md, "Pools"): HTTP requests run on a fixed blocking executor of {@code
 * httpThreads}, the worker runs at most {@code activitySlots} activities at a time, and the pool has
 * a connection for each of them plus {@code spareConnections} (Flyway, the schedule bootstrap,
 * startup checks).
 */
@ConfigurationProperties("vigil.pools") // defaults in application.yml
public record PoolSizes(
    @Min(1) @Max(1000) int httpThreads,
    @Min(1) @Max(1000) int activitySlots,
    @Min(0) @Max(100) int spareConnections) {

  public int connections() {
    return httpThreads + activitySlots + spareConnections;
  }
}
