package io.vigil.workflows.risk;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.testing.PlaybookHarness;
import io.vigil.workflows.testing.TestServers;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A time-skipping Temporal test environment running one escalation kind on the playbooks task queue,
 * every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class EscalationHarness extends PlaybookHarness<HealthEscalation, EscalationState> {
  static final Instant T0 = Instant.parse("2026-11-19T06:30:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  static final String CUSTOMER_ID = "cust-41";
  static final String CSM_ID = "csm-7";

  final EscalationKind kind;
  final RiskEscalationActivities escalation = mock(RiskEscalationActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  EscalationHarness(EscalationKind kind) {
    this(kind, kind == EscalationKind.AT_RISK ? AtRiskEscalationWorkflowImpl.class : ChurnRiskEscalationWorkflowImpl.class);
  }

  EscalationHarness(EscalationKind kind, Class<?> workflowImplementation) {
    super(T0, EscalationState.class, EscalationState::stage);
    this.kind = kind;

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

    TestServers.startPlaybooksWorker(env, workflowImplementation, escalation, tasks, activityLog);
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

  @Override
  public HealthEscalation running() {
    return kind == EscalationKind.AT_RISK ? AtRiskEscalationWorkflow.running(client, CUSTOMER_ID)
        : ChurnRiskEscalationWorkflow.running(client, CUSTOMER_ID);
  }

  @Override
  public EscalationState state() {
    return running().getState();
  }
}
