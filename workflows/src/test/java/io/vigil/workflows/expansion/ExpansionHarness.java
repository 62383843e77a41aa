package io.vigil.workflows.expansion;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.testing.ActivityCalls;
import io.vigil.workflows.testing.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A time-skipping Temporal test environment running the expansion opportunity on the playbooks task
 * queue, every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class ExpansionHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-19T06:30:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  static final String CUSTOMER_ID = "cust-52";
  static final String CSM_ID = "csm-7";
  static final Duration COOLDOWN = Duration.ofDays(30);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  private final ActivityCalls calls;
  final ExpansionActivities expansion = mock(ExpansionActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  ExpansionHarness() {
    this(ExpansionOpportunityWorkflowImpl.class);
  }

  ExpansionHarness(Class<?> workflowImplementation) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setInitialTime(T0)
        // a fixed identity keeps host names out of recorded histories
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("vigil-test").build())
        .build());
    calls = new ActivityCalls(env);
    for (var key : io.vigil.workflows.common.SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();

    doAnswer(calls.stamped("recordExpansionOpportunity", 52L)).when(expansion).recordExpansionOpportunity(anyString(), any());
    doAnswer(calls.stamped("recordSuppressedExpansion", null))
        .when(expansion).recordSuppressedExpansion(anyString(), any(), anyString());
    doAnswer(calls.stamped("notifyCsmOfExpansion", new Delivery(73, "slack", "sent", "1763533800.0002")))
        .when(expansion).notifyCsmOfExpansion(anyString(), any());
    doAnswer(invocation -> {
          calls.stamp("log:" + invocation.<LogEntry>getArgument(0).action());
          return null;
        })
        .when(activityLog).log(any());

    // the first workflow task of a cold JVM on a loaded machine can spend over the default second loading classes
    Worker worker = env.newWorker(TaskQueues.PLAYBOOKS, WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(15_000).build());
    // fail the workflow on any exception instead of retrying its task forever: a bug ends the test at once
    worker.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(Throwable.class).build(),
        workflowImplementation);
    worker.registerActivitiesImplementations(expansion, activityLog);
    env.start();
  }

  String workflowId() {
    return ExpansionOpportunityWorkflow.workflowId(CUSTOMER_ID);
  }

  ExpansionTrigger trigger() {
    return trigger(AS_OF);
  }

  ExpansionTrigger trigger(LocalDate asOf) {
    return new ExpansionTrigger(CUSTOMER_ID, "Initrode", CSM_ID, asOf, List.of(
        new ExpansionEvidence(ExpansionEvidence.SEAT_UTILIZATION,
            "46 active users of 50 licensed seats (92% or more) on each of the last 14 days", 0.92, 0.9)), COOLDOWN);
  }

  /** Starts the opportunity the way ExpansionOpportunities (activities module) does in production. */
  void start(ExpansionTrigger trigger) {
    WorkflowClient.start(ExpansionOpportunityWorkflow.starting(client, trigger)::run, trigger, null);
  }

  ExpansionOpportunityWorkflow running() {
    return ExpansionOpportunityWorkflow.running(client, CUSTOMER_ID);
  }

  ExpansionState state() {
    return running().getState();
  }

  /** Waits (skipping time) for the opportunity to close and answers its result. */
  ExpansionState result() {
    return WorkflowStub.fromTyped(running()).getResult(ExpansionState.class);
  }

  Instant startedAt() {
    return WorkflowStub.fromTyped(running()).describe().getStartTime();
  }

  ExpansionState awaitStage(String stagePrefix) {
    return Waiting.until("stage '" + stagePrefix + "…'", this::state, s -> s.stage() != null && s.stage().startsWith(stagePrefix));
  }

  ExpansionState awaitState(String description, Predicate<ExpansionState> condition) {
    return Waiting.until(description, this::state, condition);
  }

  List<String> callNames() {
    return calls.names();
  }

  Instant onlyCallTime(String name) {
    return calls.onlyTime(name);
  }

  @Override
  public void close() {
    env.close();
  }
}
