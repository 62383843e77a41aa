package io.vigil.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How much of the playbook worker stays in memory and how it polls (see docs/operations.md, "The
 * worker: cache, pollers and slots"). A parked playbook (waiting for an approval, a cooldown, a
 * follow-up) needs no worker at all between its events, so the cache is sized for the workflows in
 * flight, not for the ones parked: an evicted workflow is replayed from its history when its next
 * event comes. Each cached workflow holds one workflow thread, hence one bound for both.
 */
@ConfigurationProperties("vigil.worker") // defaults in application.yml
public record WorkerTuning(
    @Min(1) @Max(10_000) int workflowCacheSize,
    @Min(1) @Max(100) int workflowPollers,
    @Min(1) @Max(100) int activityPollers,
    @Min(1) @Max(1000) int workflowSlots) {

  /** Workflow threads: one per cached workflow, and room for the workflow tasks in hand beyond them. */
  public int workflowThreads() {
    return workflowCacheSize + workflowSlots;
  }
}
