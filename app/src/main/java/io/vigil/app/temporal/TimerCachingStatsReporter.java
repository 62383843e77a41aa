package io.vigil.app.temporal;

import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's reporter into Micrometer, with its timers looked up once per name and tags. Tally hands
 * every timer recording straight to its reporter (only counters and gauges wait for the report
 * interval), and the SDK's reporter builds the meter's tags (a stream, a sort) and looks the meter up
 * in the registry on each: about half of the SDK metrics' eighth of the service's sampled Java time
 * while check-ins park (issue 12, docs/performance.md). The timers are built as the SDK builds them (a percentile histogram), so
 * /metrics is the same; Micrometer would answer the same instance for the same name and tags anyway.
 */
final class TimerCachingStatsReporter extends MicrometerClientStatsReporter {
  private final MeterRegistry registry;
  private final Map<TimerId, Timer> timers = new ConcurrentHashMap<>();

  TimerCachingStatsReporter(MeterRegistry registry) {
    super(registry);
    this.registry = registry;
  }

  /** A timer's name and tally's tags (immutable maps, kept by their scopes). */
  private record TimerId(String name, Map<String, String> tags) {}

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    timers.computeIfAbsent(new TimerId(name, tags == null ? Map.of() : tags), this::register)
        .record(interval.getNanos(), TimeUnit.NANOSECONDS);
  }

  private Timer register(TimerId id) {
    List<Tag> tags = id.tags().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
    return Timer.builder(id.name()).tags(tags).publishPercentileHistogram(true).register(registry);
  }
}
