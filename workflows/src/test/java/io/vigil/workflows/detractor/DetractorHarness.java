package io.vigil.workflows.detractor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.testing.PlaybookHarness;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.TestServers;
import java.time.Instant;

/**
 * A time-skipping Temporal test environment running the detractor follow-up on the playbooks task
 * queue, every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class DetractorHarness extends PlaybookHarness<DetractorFollowUpWorkflow, DetractorState> {
  /** A Friday: two business days later is the Tuesday. */
  static final Instant T0 = Instant.parse("2026-03-06T15:00:00Z");
  static final Instant DUE = Instant.parse("2026-03-10T15:00:00Z");
  static final String RESPONSE_ID = "resp-310";
  static final String CUSTOMER_ID = "cust-88";
  static final String CSM_ID = "csm-4";
  static final String APPROVAL_ID = "approval-303";
  static final String WORKFLOW_ID = DetractorFollowUpWorkflow.workflowId(RESPONSE_ID);

  final DetractorActivities detractor = mock(DetractorActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  DetractorHarness() {
    this(DetractorFollowUpWorkflowImpl.class);
  }

  DetractorHarness(Class<?> workflowImplementation) {
    super(T0, DetractorState.class, DetractorState::stage);

    doAnswer(calls.stamped("recordFollowUpStarted", null)).when(detractor).recordFollowUpStarted(anyString(), any());
    doAnswer(calls.stamped("businessDaysAfter", DUE)).when(detractor).businessDaysAfter(anyString(), any(), anyInt());
    doAnswer(calls.stamped("notifyCsm", new Delivery(71, "slack", "sent", "1709456400.000300")))
        .when(detractor).notifyCsm(anyString(), any(), any());
    doAnswer(calls.stamped("draftReply", new DraftRef(APPROVAL_ID, CSM_ID, "Jordan Csm")))
        .when(detractor).draftReply(anyString(), any());
    doAnswer(calls.stamped("recordOutcome", null)).when(detractor).recordOutcome(anyString(), any(), any(), anyString());
    doAnswer(calls.stamped("createTask", 81L)).when(tasks).createTask(any());
    doAnswer(calls.stamped("remindApprover", new Delivery(72, "slack", "sent", "reminder")))
        .when(approvals).remindApprover(anyString(), anyString());
    doAnswer(calls.stamped("expireApproval", "expired")).when(approvals).expireApproval(anyString());
    doAnswer(calls.stamped("sendApprovedDraft", new Delivery(73, "email", "sent", "gmail-3")))
        .when(approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    doAnswer(invocation -> {
          calls.stamp("recordDecision");
          return Decisions.recorded(invocation.<DraftDecision>getArgument(0));
        })
        .when(approvals).recordDecision(any());
    doAnswer(invocation -> {
          calls.stamp("log:" + invocation.<LogEntry>getArgument(0).action());
          return null;
        })
        .when(activityLog).log(any());

    // The production default: a failed workflow task is retried. In a fresh JVM on a loaded machine the
    // SDK's first class loading inside the workflow thread outlasted the 1 s deadlock detector
    // (PotentialDeadlockException, seen in ActivityStateMachine.<clinit>), and failing the workflow
    // on it, as the other harnesses do, failed whichever test ran first. A bug here shows as a
    // workflow task failing in the log and the test timing out.
    TestServers.startPlaybooksWorker(env, WorkflowImplementationOptions.getDefaultInstance(), workflowImplementation,
        detractor, approvals, tasks, activityLog);
  }

  static DetractorResponse response(int score) {
    return new DetractorResponse(RESPONSE_ID, CUSTOMER_ID, "Initrode", CSM_ID, score,
        Instant.parse("2026-03-06T14:10:00Z"), ApprovalPolicy.DEFAULT);
  }

  /** Starts the follow-up the way the survey intake (app module) does. */
  DetractorFollowUpWorkflow start(DetractorResponse response) {
    DetractorFollowUpWorkflow workflow = DetractorFollowUpWorkflow.starting(client, response);
    WorkflowClient.start(workflow::run, response);
    return workflow;
  }

  @Override
  public DetractorFollowUpWorkflow running() {
    return DetractorFollowUpWorkflow.running(client, RESPONSE_ID);
  }

  DecisionResult decide(DraftDecision decision) {
    return Decisions.decide(client, WORKFLOW_ID, decision);
  }

  @Override
  public DetractorState state() {
    return running().getState();
  }
}
