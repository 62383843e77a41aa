package io.vigil.workflows.adoption;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.workflows.testing.PlaybookHarness;
import io.vigil.workflows.testing.TestServers;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.MeetingSlotActivities;
import io.vigil.workflows.common.HoldsDrafts;
import io.vigil.workflows.common.RejectDraft;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.testing.Decisions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-skipping Temporal test environment running the adoption enablement on the playbooks task
 * queue, every activity a Mockito mock. Time is skipped only while a test waits on a result or calls
 * {@link TestWorkflowEnvironment#sleep}. Shared by the workflow tests and the history recorder.
 */
final class AdoptionHarness extends PlaybookHarness<AdoptionEnablementWorkflow, AdoptionState> {
  static final Instant T0 = Instant.parse("2026-03-04T09:00:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 3);
  static final String CUSTOMER_ID = "cust-77";
  static final String CSM_ID = "csm-9";
  static final String APPROVAL_ID = "approval-202";
  static final String WORKFLOW_ID = AdoptionEnablementWorkflow.workflowId(CUSTOMER_ID);
  static final String KEY = WORKFLOW_ID + "@" + AS_OF;
  /** What the mocked Calendar offers for the draft. */
  static final List<String> SLOTS = List.of("Thursday, March 5 at 10:00");

  final AdoptionActivities adoption = mock(AdoptionActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  final MeetingSlotActivities meetingSlots = mock(MeetingSlotActivities.class, withSettings().withoutAnnotations());

  AdoptionHarness() {
    this(AdoptionEnablementWorkflowImpl.class);
  }

  AdoptionHarness(Class<?> workflowImplementation) {
    super(T0, AdoptionState.class, AdoptionState::stage);

    doAnswer(calls.stamped("recordRiskSignal", 12L)).when(adoption).recordRiskSignal(anyString(), any());
    doAnswer(calls.stamped("recordDetection", null)).when(adoption).recordDetection(anyString(), any(), any(), anyString());
    doAnswer(calls.stamped("analyzeGaps", List.of(new FeatureGap("analytics", 2, 12, "2026-02-10",
        "2 of 12 active users tried it; last used 2026-02-10. No support ticket data."))))
        .when(adoption).analyzeGaps(anyString(), any());
    doAnswer(calls.stamped("notifyCsm", new Delivery(51, "slack", "sent", "1709456400.000200")))
        .when(adoption).notifyCsm(anyString(), any(), anyList());
    doAnswer(calls.stamped("draftEnablementEmail", new DraftRef(APPROVAL_ID, CSM_ID, "Robin Csm")))
        .when(adoption).draftEnablementEmail(anyString(), any(), any());
    doAnswer(calls.stamped("suggestMeetingSlots", SLOTS)).when(meetingSlots).suggestMeetingSlots(anyString());
    doAnswer(calls.stamped("recordInterventions", 1)).when(adoption).recordInterventions(anyString(), any(), anyString(), anyString());
    answerFollowUpWith(false);
    doAnswer(calls.stamped("createTask", 61L)).when(tasks).createTask(any());
    doAnswer(calls.stamped("remindApprover", new Delivery(52, "slack", "sent", "reminder")))
        .when(approvals).remindApprover(anyString(), anyString());
    doAnswer(calls.stamped("expireApproval", "expired")).when(approvals).expireApproval(anyString());
    doAnswer(calls.stamped("sendApprovedDraft", new Delivery(53, "email", "sent", "gmail-2")))
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

    TestServers.startPlaybooksWorker(env, workflowImplementation, adoption, approvals, tasks, activityLog, meetingSlots);
  }

  /** What the follow-up measures: the lead feature recovered (score 35, engaged), or still stalled. */
  void answerFollowUpWith(boolean stillStalled) {
    doAnswer(calls.stamped("measureFollowUp", List.of(stillStalled
        ? new AdoptionChange("analytics", "Advanced Analytics", 15, 17, "started", "started", true)
        : new AdoptionChange("analytics", "Advanced Analytics", 15, 35, "started", "engaged", false))))
        .when(adoption).measureFollowUp(anyString(), any());
  }

  // ---------------------------------------------------------------- alerts

  static AdoptionAlert alert() {
    return detection(AS_OF);
  }

  static AdoptionAlert detection(LocalDate asOf) {
    return new AdoptionAlert(CUSTOMER_ID, "TechCorp", CSM_ID, asOf, Severity.HIGH, 60_000,
        List.of(new StalledFeature("7c6a1d1e-0000-4000-8000-000000000001", "analytics", "Advanced Analytics", 85, "started",
            15, 30, 45, 20, "behind_timeline")),
        ApprovalPolicy.DEFAULT);
  }

  // ---------------------------------------------------------------- driving the workflow

  /** Starts the enablement the way AdoptionSweep (activities module) does in production. */
  AdoptionEnablementWorkflow start(AdoptionAlert alert) {
    AdoptionEnablementWorkflow workflow = AdoptionEnablementWorkflow.starting(client, alert, null);
    WorkflowClient.start(workflow::run, alert, null);
    return workflow;
  }

  @Override
  public AdoptionEnablementWorkflow running() {
    return client.newWorkflowStub(AdoptionEnablementWorkflow.class, WORKFLOW_ID);
  }

  /** The legacy signals, on the stub every playbook shares, as the approvals API sent them before decisions were updates. */
  void approve(String approvalId) {
    HoldsDrafts.holding(client, WORKFLOW_ID).approveDraft(new ApproveDraft(approvalId, CSM_ID, null, null));
  }

  void reject(String approvalId, String reason) {
    HoldsDrafts.holding(client, WORKFLOW_ID).rejectDraft(new RejectDraft(approvalId, CSM_ID, reason));
  }

  /** Decides as the approvals API does: the decideDraft update by workflow id. */
  DecisionResult decide(DraftDecision decision) {
    return Decisions.decide(client, WORKFLOW_ID, decision);
  }

  @Override
  public AdoptionState state() {
    return running().getState();
  }
}
