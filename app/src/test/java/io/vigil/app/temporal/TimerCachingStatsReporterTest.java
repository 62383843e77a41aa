package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Vigil's reporter scrapes exactly as the SDK's: the same timers, tags, histogram buckets and counts. */
class TimerCachingStatsReporterTest {

  @Test
  void givenTheSameTimingsAsTheSdksReporter_theScrapeIsTheSame() throws Exception {
    String sdks = scrapeAfterTimings(MicrometerClientStatsReporter::new);
    String vigils = scrapeAfterTimings(TimerCachingStatsReporter::new);

    assertThat(vigils).isEqualTo(sdks);
    assertThat(vigils).as("the recordings arrived, not two empty scrapes")
        .containsPattern("(?m)^temporal_activity_execution_latency_seconds_count\\{.*activity_type=\"NotifyCsm\".*\\} 3")
        .containsPattern("(?m)^temporal_activity_execution_latency_seconds_count\\{.*activity_type=\"CreateTask\".*\\} 1")
        .contains("temporal_activity_execution_latency_seconds_bucket");
  }

  private static String scrapeAfterTimings(Function<PrometheusMeterRegistry, StatsReporter> reporter) throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalFactory().temporalRequestTags());
    try (Scope scope = new RootScopeBuilder().reporter(reporter.apply(registry)).reportEvery(Duration.ofSeconds(60))) {
      Scope notify = scope.tagged(Map.of("activity_type", "NotifyCsm", "namespace", "default"));
      for (int ms : new int[] {5, 50, 500}) {
        notify.timer("temporal_activity_execution_latency").record(Duration.ofMillis(ms));
      }
      scope.tagged(Map.of("activity_type", "CreateTask", "namespace", "default"))
          .timer("temporal_activity_execution_latency").record(Duration.ofMillis(7));
      scope.tagged(Map.of("operation", "UpdateWorkflowExecution", "update_name", "decideDraft"))
          .timer("temporal_long_request_latency").record(Duration.ofMillis(30));
    }
    return registry.scrape();
  }
}
