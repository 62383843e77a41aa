package io.vigil.app.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's request meters reach Prometheus whether or not the SDK tagged them with an update's name. */
class TemporalRequestTagsTest {

  @Test
  void givenARequestMeterAndAnUpdatesMeterOfTheSameName_bothAreScraped() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new TemporalFactory().temporalRequestTags());

    try (Scope scope = new RootScopeBuilder().reporter(new TimerCachingStatsReporter(registry))
        .reportEvery(Duration.ofSeconds(60))) {
      scope.tagged(Map.of("operation", "PollWorkflowTaskQueue", "namespace", "default"))
          .timer("temporal_long_request_latency").record(Duration.ofMillis(20));
      scope.tagged(Map.of("operation", "UpdateWorkflowExecution", "namespace", "default", "update_name", "decideDraft"))
          .timer("temporal_long_request_latency").record(Duration.ofMillis(30));
    }

    String scraped = registry.scrape();
    assertThat(scraped).containsPattern(
        "(?m)^temporal_long_request_latency_seconds_count\\{.*operation=\"PollWorkflowTaskQueue\".*update_name=\"none\".*\\} 1");
    assertThat(scraped).containsPattern(
        "(?m)^temporal_long_request_latency_seconds_count\\{.*operation=\"UpdateWorkflowExecution\".*update_name=\"decideDraft\".*\\} 1");
  }
}
