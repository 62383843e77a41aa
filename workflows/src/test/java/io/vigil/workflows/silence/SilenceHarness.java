package io.vigil.workflows.silence;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.MeetingSlotActivities;
import io.vigil.workflows.testing.PlaybookHarness;
import io.vigil.workflows.testing.TestServers;
import io.vigil.workflows.testing.Decisions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A time-skipping Temporal test environment running the check-in after silence on the playbooks task
 * queue, every activity a Mockito mock. Shared by the workflow tests and the history recorder.
 */
final class SilenceHarness extends PlaybookHarness<SilenceCheckinWorkflow, SilenceState> {
  static final Instant T0 = Instant.parse("2026-03-04T09:00:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 3);
  static final LocalDate SILENT_SINCE = LocalDate.of(2026, 2, 1);
  static final String CUSTOMER_ID = "cust-31";
  static final String CSM_ID = "csm-4";
  static final String APPROVAL_ID = "approval-310";
  static final String WORKFLOW_ID = SilenceCheckinWorkflow.workflowId(CUSTOMER_ID);
  static final String KEY = WORKFLOW_ID + "@" + SILENT_SINCE;
  static final Duration COOLDOWN = Duration.ofDays(30);
  static final List<String> SLOTS = List.of("Thursday, March 5 at 10:00");

  final SilenceActivities silence = mock(SilenceActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  final MeetingSlotActivities meetingSlots = mock(MeetingSlotActivities.class, withSettings().withoutAnnotations());
  final List<LogEntry> logged = new java.util.concurrent.CopyOnWriteArrayList<>();

  SilenceHarness() {
    super(T0, SilenceState.class, SilenceState::stage);

    answerContactWith(null);
    doAnswer(calls.stamped("draftSilenceCheckin", new DraftRef(APPROVAL_ID, CSM_ID, "Robin Csm")))
        .when(silence).draftSilenceCheckin(anyString(), any(), any());
    doAnswer(calls.stamped("notifyCsmOfSilence", new Delivery(41, "slack", "sent", "1709456400.000100")))
        .when(silence).notifyCsmOfSilence(anyString(), any(), anyString());
    doAnswer(calls.stamped("suggestMeetingSlots", SLOTS)).when(meetingSlots).suggestMeetingSlots(anyString());
    doAnswer(calls.stamped("remindApprover", new Delivery(42, "slack", "sent", "reminder")))
        .when(approvals).remindApprover(anyString(), anyString());
    doAnswer(calls.stamped("expireApproval", "expired")).when(approvals).expireApproval(anyString());
    doAnswer(calls.stamped("withdrawApproval", "withdrawn")).when(approvals).withdrawApproval(anyString(), anyString());
    doAnswer(calls.stamped("sendApprovedDraft", new Delivery(43, "email", "sent", "gmail-1")))
        .when(approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    doAnswer(invocation -> {
          calls.stamp("recordDecision");
          return Decisions.recorded(invocation.<DraftDecision>getArgument(0));
        })
        .when(approvals).recordDecision(any());
    doAnswer(invocation -> {
          LogEntry entry = invocation.getArgument(0);
          logged.add(entry);
          calls.stamp("log:" + entry.action());
          return null;
        })
        .when(activityLog).log(any());

    TestServers.startPlaybooksWorker(env, SilenceCheckinWorkflowImpl.class, silence, approvals, activityLog, meetingSlots);
  }

  /** What the look for a contact since the sweep finds. */
  void answerContactWith(ContactMade contact) {
    doAnswer(calls.stamped("findSilenceContact", contact)).when(silence).findSilenceContact(any());
  }

  static SilenceAlert alert() {
    return new SilenceAlert(CUSTOMER_ID, "Quietco", CSM_ID, AS_OF, Instant.parse("2026-02-01T15:00:00Z"), SILENT_SINCE,
        30, 64, ApprovalPolicy.DEFAULT, COOLDOWN);
  }

  static ContactMade touchpoint() {
    return new ContactMade("call", Instant.parse("2026-03-04T16:00:00Z"), "Robin Csm");
  }

  SilenceCheckinWorkflow start(SilenceAlert alert) {
    SilenceCheckinWorkflow workflow = SilenceCheckinWorkflow.starting(client, alert, null);
    WorkflowClient.start(workflow::run, alert);
    return workflow;
  }

  @Override
  public SilenceCheckinWorkflow running() {
    return SilenceCheckinWorkflow.running(client, CUSTOMER_ID);
  }

  DecisionResult decide(DraftDecision decision) {
    return Decisions.decide(client, WORKFLOW_ID, decision);
  }

  @Override
  public SilenceState state() {
    return running().getState();
  }
}
