package io.vigil.workflows.usagedrop;

import static io.vigil.workflows.testing.Decisions.recorded;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.testing.ActivityCalls;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.DecisionRefusal;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.RecordedDecision;
import io.vigil.workflows.common.HealthActivities;
import io.vigil.workflows.common.HealthChange;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.MeetingSlotActivities;
import io.vigil.workflows.common.RejectDraft;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.TestServers;
import io.vigil.workflows.testing.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One time-skipping Temporal test environment ({@link TestServers}) running the usage-drop check-in
 * on the playbooks task queue, every activity a Mockito mock. Time is skipped only while a test
 * waits on a result or calls {@link TestWorkflowEnvironment#sleep}; otherwise the test server's
 * clock runs at wall speed. Shared by the workflow tests and the history recorder.
 */
final class CheckinHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-03T09:00:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 2);
  static final String CUSTOMER_ID = "cust-42";
  static final String CSM_ID = "csm-7";
  static final String APPROVAL_ID = "approval-101";
  static final String WORKFLOW_ID = UsageDropCheckinWorkflow.workflowId(CUSTOMER_ID);
  /** Every side effect of the alert is keyed under this prefix. */
  static final String KEY = WORKFLOW_ID + "@" + AS_OF;
  static final Duration COOLDOWN = Duration.ofDays(7);
  /** The detection run that started the check-in, as AlertDispatcher (activities module) names it in the memo. */
  static final String ORIGIN = "sweep-2026-03-03";
  /** What the mocked Calendar offers for the draft. */
  static final List<String> SLOTS = List.of("Wednesday, March 4 at 10:00", "Thursday, March 5 at 10:30");

  final TestWorkflowEnvironment env;
  private final ActivityCalls calls;
  final WorkflowClient client;
  final UsageDropActivities usageDrop = mock(UsageDropActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final HealthActivities health = mock(HealthActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  final MeetingSlotActivities meetingSlots = mock(MeetingSlotActivities.class, withSettings().withoutAnnotations());



  CheckinHarness() {
    this(UsageDropCheckinWorkflowImpl.class);
  }

  CheckinHarness(Class<?> workflowImplementation) {
    this(workflowImplementation, TestServers.FAIL_WORKFLOW_ON_ANY_EXCEPTION);
  }

  CheckinHarness(Class<?> workflowImplementation, WorkflowImplementationOptions workflowImplementationOptions) {
    env = TestServers.newEnvironment(T0);
    calls = new ActivityCalls(env);
    client = env.getWorkflowClient();

    doAnswer(calls.stamped("recordRiskSignal", 11L)).when(usageDrop).recordRiskSignal(anyString(), any());
    doAnswer(calls.stamped("recordTriggerEvent", null)).when(usageDrop).recordTriggerEvent(anyString(), any(), any(), anyString());
    doAnswer(calls.stamped("notifyCsm", new Delivery(31, "slack", "sent", "1709456400.000100")))
        .when(usageDrop).notifyCsm(anyString(), any());
    doAnswer(calls.stamped("emailCsmUrgently", new Delivery(32, "email", "sent", "msg-urgent")))
        .when(usageDrop).emailCsmUrgently(anyString(), any());
    doAnswer(calls.stamped("draftCheckinEmail", new DraftRef(APPROVAL_ID, CSM_ID, "Dana Whitfield")))
        .when(usageDrop).draftCheckinEmail(anyString(), any(), any());
    doAnswer(calls.stamped("suggestMeetingSlots", SLOTS)).when(meetingSlots).suggestMeetingSlots(anyString());
    doAnswer(calls.stamped("createTask", 41L)).when(tasks).createTask(any());
    doAnswer(calls.stamped("adjustHealthScore", new HealthChange(80, 70)))
        .when(health).adjustHealthScore(anyString(), anyString(), anyInt(), anyString());
    doAnswer(calls.stamped("remindApprover", new Delivery(33, "slack", "sent", "reminder")))
        .when(approvals).remindApprover(anyString(), anyString());
    answerExpireApprovalWith("expired");
    doAnswer(calls.stamped("sendApprovedDraft", new Delivery(34, "email", "sent", "gmail-1")))
        .when(approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    answerRecordDecisionWithItsVerdict();
    doAnswer(invocation -> {
          calls.stamp("log:" + invocation.<LogEntry>getArgument(0).action());
          return null;
        })
        .when(activityLog).log(any());

    TestServers.startPlaybooksWorker(env, workflowImplementationOptions, workflowImplementation,
        usageDrop, approvals, tasks, health, activityLog, meetingSlots);
  }

  /**
   * {@code recordDecision} takes until the approval's timer has fired, then records the decision. The
   * running activity holds the test server's clock to wall time, so the timer must be short. Recorded
   * as a local activity (ApprovalGate.DECISION_RECORDED_LOCALLY), the write holds its workflow task
   * open, and the server adds the timer's event to the history only once that task heartbeats (after
   * 80% of its 10 s timeout): the write then answers, and the next task brings the workflow both.
   */
  void answerRecordDecisionOnceTheApprovalTimerHasFired() {
    doAnswer(invocation -> {
          calls.stamp("recordDecision");
          Waiting.until("the approval's timer to fire", () -> client.fetchHistory(WORKFLOW_ID).getEvents(),
              events -> events.stream().anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED));
          return recorded(invocation.<DraftDecision>getArgument(0));
        })
        .when(approvals).recordDecision(any());
  }

  /** {@code recordDecision} finds the approval pending and records the decision: it answers the verdict's status. */
  void answerRecordDecisionWithItsVerdict() {
    doAnswer(invocation -> {
          calls.stamp("recordDecision");
          return recorded(invocation.<DraftDecision>getArgument(0));
        })
        .when(approvals).recordDecision(any());
  }

  /**
   * The row was decided ({@code status} by {@code decidedBy}) and no decision reaches the workflow:
   * {@code expireApproval} answers the status, {@code readDecision} the row.
   */
  void rowDecidedWithoutTheWorkflow(String status, String decidedBy) {
    answerExpireApprovalWith(status);
    doAnswer(calls.stamped("readDecision", new RecordedDecision(status, decidedBy))).when(approvals).readDecision(anyString());
  }

  /** What {@code expireApproval} answers: "expired", or the decision that won the race. */
  void answerExpireApprovalWith(String status) {
    doAnswer(calls.stamped("expireApproval", status)).when(approvals).expireApproval(anyString());
  }

  // ---------------------------------------------------------------- alerts

  static UsageDropAlert alert(double percentDrop) {
    return alert(percentDrop, policy(CheckinPolicy.ALL_ACTIONS, ApprovalPolicy.DEFAULT));
  }

  static UsageDropAlert alert(double percentDrop, CheckinPolicy policy) {
    return detection(AS_OF, percentDrop, policy);
  }

  /** A detection for the same customer as of {@code asOf}, e.g. a later sweep's. */
  static UsageDropAlert detection(LocalDate asOf, double percentDrop, CheckinPolicy policy) {
    Severity severity = Severity.ofPercentDrop(percentDrop);
    MetricDrop dau = new MetricDrop("dau", null, 100 - percentDrop, 100, percentDrop, severity,
        asOf.minusDays(6), asOf, asOf.minusDays(34), asOf.minusDays(7), null);
    return new UsageDropAlert(CUSTOMER_ID, "Acme Corp", CSM_ID, "trigger-usage-drop", asOf, severity, List.of(dau), policy);
  }

  /** {@code alert} for a customer called {@code customerName}. */
  static UsageDropAlert named(String customerName, UsageDropAlert alert) {
    return new UsageDropAlert(alert.customerId(), customerName, alert.csmId(), alert.triggerId(), alert.asOf(),
        alert.severity(), alert.drops(), alert.policy());
  }

  static CheckinPolicy policy(Set<String> actions, ApprovalPolicy approval) {
    return new CheckinPolicy(COOLDOWN, actions, approval);
  }

  // ---------------------------------------------------------------- driving the workflow

  /** Starts the check-in the way AlertDispatcher (activities module) does in production. */
  UsageDropCheckinWorkflow start(UsageDropAlert alert) {
    UsageDropCheckinWorkflow workflow = UsageDropCheckinWorkflow.starting(client, alert, ORIGIN);
    WorkflowClient.start(workflow::run, alert, null);
    return workflow;
  }

  /** A stub on the running check-in, as the API and the dispatcher signal it: by workflow id only. */
  UsageDropCheckinWorkflow running() {
    return client.newWorkflowStub(UsageDropCheckinWorkflow.class, WORKFLOW_ID);
  }

  void approve(String approvalId) {
    running().approveDraft(new ApproveDraft(approvalId, CSM_ID, null, null));
  }

  void reject(String approvalId, String reason) {
    running().rejectDraft(new RejectDraft(approvalId, CSM_ID, reason));
  }

  /** Decides as the approvals API does: the decideDraft update by workflow id. */
  DecisionResult decide(DraftDecision decision) {
    return Decisions.decide(client, WORKFLOW_ID, decision);
  }

  /** Sends a decision that must be refused and answers the refusal. */
  DecisionRefusal refusalOf(DraftDecision decision) {
    return Decisions.refusalOf(client, WORKFLOW_ID, decision);
  }

  CheckinState state() {
    return running().getState();
  }

  /** Waits (skipping time) for the check-in to finish and answers its result. */
  CheckinState result() {
    return WorkflowStub.fromTyped(running()).getResult(CheckinState.class);
  }

  Instant startedAt() {
    return WorkflowStub.fromTyped(running()).describe().getStartTime();
  }

  /** Polls the query in wall-clock time (no time is skipped) until the state matches. */
  CheckinState awaitState(String description, Predicate<CheckinState> condition) {
    return Waiting.until(description, this::state, condition);
  }

  CheckinState awaitStage(String stagePrefix) {
    return awaitState("stage '" + stagePrefix + "…'", s -> s.stage() != null && s.stage().startsWith(stagePrefix));
  }

  // ---------------------------------------------------------------- activity timings

  List<Instant> callTimes(String name) {
    return calls.times(name);
  }

  Instant onlyCallTime(String name) {
    return calls.onlyTime(name);
  }




  @Override
  public void close() {
    env.close();
  }
}
