package io.vigil.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The threads that may hold a database connection at once, from which the connection pool is sized
 * (see docs/operations.md, "Pools"): HTTP requests run on a fixed blocking executor of {@code
 * httpThreads}, the worker runs at most {@code activitySlots} activities at a time, and the pool has
 * a connection for each of them and for each of its {@link #LOCAL_ACTIVITY_SLOTS} local activities,
 * plus {@code spareConnections} (Flyway, the schedule bootstrap, startup checks).
 */
@ConfigurationProperties("vigil.pools") // defaults in application.yml
public record PoolSizes(
    @Min(1) @Max(1000) int httpThreads,
    @Min(1) @Max(1000) int activitySlots,
    @Min(0) @Max(100) int spareConnections) {

  /**
   * Local activities the worker runs at once: an update recording a person's decision
   * (ApprovalGate), one short write each; more wait in the worker for a slot.
   */
  public static final int LOCAL_ACTIVITY_SLOTS = 4;

  /** Threads that may hold a connection at once: the pool may not be smaller. */
  public int needed() {
    return httpThreads + activitySlots + LOCAL_ACTIVITY_SLOTS;
  }

  public int connections() {
    return needed() + spareConnections;
  }
}
