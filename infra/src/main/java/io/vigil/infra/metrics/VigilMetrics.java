package io.vigil.infra.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Vigil's own counters and timers, the one place they are named (docs/operations.md, "Metrics").
 * Counted where the thing happens, in this process: Prometheus sums the processes and takes rates.
 * An activity retried after it counted (its worker died before reporting) counts again, so these
 * are operational rates, not the books; the database holds the exact records.
 */
@Singleton
public class VigilMetrics {
  /** The PRD's target for the first action on an alert: the histogram has a bucket edge there. */
  static final Duration ACTION_TARGET = Duration.ofHours(2);

  private final MeterRegistry registry;
  private final Counter eventsIngested;
  private final Timer alertToAction;

  /** {@code registry} null: a context without Micronaut Micrometer (the activities' own tests) counts into nothing exported. */
  @Inject
  public VigilMetrics(@Nullable MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    this.eventsIngested = Counter.builder("vigil.usage.events.ingested")
        .description("usage events stored through the API (duplicates left out)").register(this.registry);
    this.alertToAction = Timer.builder("vigil.alert.to.action")
        .description("from an alert's creation to the first action a person took on it")
        .serviceLevelObjectives(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), ACTION_TARGET,
            Duration.ofHours(4), Duration.ofHours(8), Duration.ofDays(1), Duration.ofDays(3))
        .minimumExpectedValue(Duration.ofMinutes(1)).maximumExpectedValue(Duration.ofDays(7))
        .register(this.registry);
  }

  /** Counts into a registry of its own: for code run outside the application (unit tests, benches). */
  public static VigilMetrics unregistered() {
    return new VigilMetrics(null);
  }

  public void eventsIngested(int stored) {
    eventsIngested.increment(stored);
  }

  /** {@code outcome}: started (a playbook began) or suppressed (the customer's playbook already had it). */
  public void detection(String severity, String outcome) {
    Counter.builder("vigil.detections").description("usage-drop alerts dispatched by detection runs")
        .tag("severity", severity).tag("outcome", outcome).register(registry).increment();
  }

  /** {@code status}: how a delivery ended (sent, recorded, failed). */
  public void delivery(String channel, String status) {
    Counter.builder("vigil.deliveries").description("deliveries finished, by channel and how they ended")
        .tag("channel", channel).tag("status", status).register(registry).increment();
  }

  public void alertActedOn(Duration sinceCreated) {
    alertToAction.record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
  }
}
