package io.vigil.workflows.risk;

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
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.testing.ActivityCalls;
import io.vigil.workflows.testing.Waiting;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A time-skipping Temporal test environment running one escalation kind on the playbooks task queue,
 * every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class EscalationHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-11-19T06:30:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  static final String CUSTOMER_ID = "cust-41";
  static final String CSM_ID = "csm-7";

  final EscalationKind kind;
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  private final ActivityCalls calls;
  final RiskEscalationActivities escalation = mock(RiskEscalationActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  EscalationHarness(EscalationKind kind) {
    this(kind, kind == EscalationKind.AT_RISK ? AtRiskEscalationWorkflowImpl.class : ChurnRiskEscalationWorkflowImpl.class);
  }

  EscalationHarness(EscalationKind kind, Class<?> workflowImplementation) {
    this.kind = kind;
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

    doAnswer(calls.stamped("recordEscalation", 31L)).when(escalation).recordEscalation(anyString(), any());
    doAnswer(calls.stamped("recordSuppressedEscalation", null))
        .when(escalation).recordSuppressedEscalation(anyString(), any(), anyString());
    doAnswer(invocation -> {
          EscalationRecipient recipient = invocation.getArgument(2);
          calls.stamp("notifyEscalation:" + recipient.label());
          return new Delivery(recipient == EscalationRecipient.CSM ? 71 : 72, "slack", "sent", "1763533800.0001");
        })
        .when(escalation).notifyEscalation(anyString(), any(), any());
    answerOutcomeWith(EscalationOutcome.RECOVERED);
    doAnswer(calls.stamped("createTask", 81L)).when(tasks).createTask(any());
    doAnswer(invocation -> {
          calls.stamp("log:" + invocation.<LogEntry>getArgument(0).action());
          return null;
        })
        .when(activityLog).log(any());

    // the first workflow task of a cold JVM on a loaded machine can spend over the default second loading
    // the SDK's classes (TMPRL1101), which the fail-on-any-exception option below would turn into a failed run
    Worker worker = env.newWorker(TaskQueues.PLAYBOOKS, WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(15_000).build());
    // fail the workflow on any exception instead of retrying its task forever: a bug ends the test at once
    worker.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(Throwable.class).build(),
        workflowImplementation);
    worker.registerActivitiesImplementations(escalation, tasks, activityLog);
    env.start();
  }

  void answerOutcomeWith(EscalationOutcome outcome) {
    doAnswer(calls.stamped("recordEscalationOutcome", outcome))
        .when(escalation).recordEscalationOutcome(anyString(), any(), any());
  }

  String workflowId() {
    return HealthEscalation.workflowId(kind, CUSTOMER_ID);
  }

  EscalationTrigger trigger() {
    return trigger(AS_OF, kind == EscalationKind.AT_RISK ? EscalationCause.RED_SCORE : EscalationCause.CANCELLATION_REQUEST);
  }

  EscalationTrigger trigger(LocalDate asOf, EscalationCause cause) {
    return new EscalationTrigger(kind, CUSTOMER_ID, "Globex", CSM_ID, asOf, cause,
        kind == EscalationKind.AT_RISK ? Severity.HIGH : Severity.CRITICAL,
        kind == EscalationKind.AT_RISK ? "health 41 (red), declining" : "cancellation requested", EscalationPolicy.DEFAULT);
  }

  /** Starts the escalation the way HealthEscalations (activities module) does in production. */
  void start(EscalationTrigger trigger) {
    if (kind == EscalationKind.AT_RISK) {
      WorkflowClient.start(AtRiskEscalationWorkflow.starting(client, trigger)::run, trigger, null);
    } else {
      WorkflowClient.start(ChurnRiskEscalationWorkflow.starting(client, trigger)::run, trigger, null);
    }
  }

  HealthEscalation running() {
    return kind == EscalationKind.AT_RISK ? AtRiskEscalationWorkflow.running(client, CUSTOMER_ID)
        : ChurnRiskEscalationWorkflow.running(client, CUSTOMER_ID);
  }

  EscalationState state() {
    return running().getState();
  }

  /** Waits (skipping time) for the escalation to finish and answers its result. */
  EscalationState result() {
    return WorkflowStub.fromTyped(running()).getResult(EscalationState.class);
  }

  Instant startedAt() {
    return WorkflowStub.fromTyped(running()).describe().getStartTime();
  }

  EscalationState awaitStage(String stagePrefix) {
    return Waiting.until("stage '" + stagePrefix + "…'", this::state, s -> s.stage() != null && s.stage().startsWith(stagePrefix));
  }

  EscalationState awaitState(String description, Predicate<EscalationState> condition) {
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
