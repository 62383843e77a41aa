package io.vigil.app.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.vigil.app.roles.Role;
import jakarta.inject.Singleton;

/**
 * An API-only process starts workflows with Vigil's search attributes, so it registers them itself
 * rather than count on a worker having started first (with a worker in the process, the worker does).
 */
@Singleton
@Requires(property = Role.PROPERTY, value = "api")
public class ApiRoleSetup {
  private final WorkflowServiceStubs stubs;
  private final String namespace;

  public ApiRoleSetup(WorkflowServiceStubs stubs, @Value("${temporal.namespace:default}") String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    SearchAttributeRegistrar.ensureRegistered(stubs, namespace);
  }
}
