package io.vigil.workflows.expansion;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.testing.PlaybookHarness;
import io.vigil.workflows.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-skipping Temporal test environment running the expansion opportunity on the playbooks task
 * queue, every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class ExpansionHarness extends PlaybookHarness<ExpansionOpportunityWorkflow, ExpansionState> {
  static final Instant T0 = Instant.parse("2026-11-19T06:30:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  static final String CUSTOMER_ID = "cust-52";
  static final String CSM_ID = "csm-7";
  static final Duration COOLDOWN = Duration.ofDays(30);

  final ExpansionActivities expansion = mock(ExpansionActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  ExpansionHarness() {
    this(ExpansionOpportunityWorkflowImpl.class);
  }

  ExpansionHarness(Class<?> workflowImplementation) {
    super(T0, ExpansionState.class, ExpansionState::stage);

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

    TestServers.startPlaybooksWorker(env, workflowImplementation, expansion, activityLog);
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

  @Override
  public ExpansionOpportunityWorkflow running() {
    return ExpansionOpportunityWorkflow.running(client, CUSTOMER_ID);
  }

  @Override
  public ExpansionState state() {
    return running().getState();
  }
}
