package io.vigil.app.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;

@Factory
public class TemporalFactory {

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(TemporalConnection connection) {
    return WorkflowServiceStubs.newServiceStubs(connection.options().build());
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
