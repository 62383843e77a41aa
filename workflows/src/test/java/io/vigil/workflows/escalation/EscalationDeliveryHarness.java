package io.vigil.workflows.escalation;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.testing.TestServers;
import java.time.Instant;

/** A test server, its clock at a fixed instant, and the delivery workflow with mocked activities. */
final class EscalationDeliveryHarness implements AutoCloseable {
  static final String ESCALATION_ID = "esc_0123456789abcdef";
  static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

  final TestWorkflowEnvironment env = TestServers.newEnvironment(START);
  final EscalationActivities escalations = mock(EscalationActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  EscalationDeliveryHarness(Class<?> implementation) {
    // a patient deadlock detector: the first workflow task of a cold JVM on a loaded machine takes over 1 s
    io.temporal.worker.Worker worker = env.newWorker(io.vigil.workflows.common.TaskQueues.PLAYBOOKS,
        io.temporal.worker.WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(15_000).build());
    worker.registerWorkflowImplementationTypes(TestServers.FAIL_WORKFLOW_ON_ANY_EXCEPTION, implementation);
    worker.registerActivitiesImplementations(escalations, activityLog);
    env.start();
  }

  EscalationDeliveryWorkflow.Delivered deliver(int version) {
    WorkflowClient client = env.getWorkflowClient();
    return EscalationDeliveryWorkflow.starting(client, ESCALATION_ID, version, "Deliver escalation").deliver(ESCALATION_ID,
        version);
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @Override
  public void close() {
    env.close();
  }
}
