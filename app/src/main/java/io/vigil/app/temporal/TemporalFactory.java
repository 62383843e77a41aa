package io.vigil.app.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

@Factory
public class TemporalFactory {
  /** How often the SDK's tally scope hands its counts to Micrometer: well under a scrape interval. */
  static final Duration METRICS_REPORT_EVERY = Duration.ofSeconds(5);

  /**
   * The SDK's metrics (worker polls, task latencies, slots, client requests) go to the application's
   * Micrometer registry, so /metrics carries them beside Vigil's own. Set on the service stubs, the
   * scope is shared by the client and every worker made from them. Its timers are looked up once
   * ({@link TimerCachingStatsReporter}): tally reports each timing as it happens.
   */
  @Singleton
  @Named("temporal")
  @Bean(preDestroy = "close")
  Scope temporalMetrics(MeterRegistry registry) {
    return new RootScopeBuilder().reporter(new TimerCachingStatsReporter(registry)).reportEvery(METRICS_REPORT_EVERY);
  }

  /** The tag the SDK adds to an update's request meters alone; the others get it as "none". */
  static final String UPDATE_NAME = "update_name";

  /**
   * Prometheus needs every meter of a name to have the same tag keys, but the SDK tags an update's
   * requests ({@code UpdateWorkflowExecution}) with {@value #UPDATE_NAME} and every other request
   * without it: whichever came second was refused (a warning, and approvals' update latency missing
   * from /metrics). Giving the other requests the key as "none", as the SDK does its other unused
   * tags, lets both in.
   */
  @Singleton
  MeterFilter temporalRequestTags() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        boolean request = id.getName().startsWith("temporal_request") || id.getName().startsWith("temporal_long_request");
        return request && id.getTag(UPDATE_NAME) == null ? id.withTag(Tag.of(UPDATE_NAME, "none")) : id;
      }
    };
  }

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(TemporalConnection connection, @Named("temporal") Scope metrics) {
    return WorkflowServiceStubs.newServiceStubs(connection.options().setMetricsScope(metrics).build());
  }

  @Singleton
  TemporalConnection connection(@Value("${temporal.address:`127.0.0.1:7233`}") String address,
      @Value("${temporal.tls.cert:}") String tlsCert, @Value("${temporal.tls.key:}") String tlsKey,
      @Value("${temporal.tls.ca:}") String tlsCa, @Value("${temporal.api-key:}") String apiKey) {
    return new TemporalConnection(address, tlsCert, tlsKey, tlsCa, apiKey);
  }

  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, @Value("${temporal.namespace:default}") String namespace) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  @Singleton
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, @Value("${temporal.namespace:default}") String namespace) {
    return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
  }
}
