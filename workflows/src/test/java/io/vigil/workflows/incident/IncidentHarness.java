package io.vigil.workflows.incident;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.DecisionResult;
import io.vigil.workflows.common.ApprovalKind;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftDecision;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.RecordedDecision;
import io.vigil.workflows.common.RejectDraft;
import io.vigil.workflows.common.TaskPriority;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.TemporalLimits;
import io.vigil.workflows.testing.Decisions;
import io.vigil.workflows.testing.TestServers;
import io.vigil.workflows.testing.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One time-skipping Temporal test server ({@link TestServers}) running the incident response on the
 * playbooks task queue, every activity a Mockito mock; {@code applyUpdate} and {@code analyzeImpact}
 * answer from a {@link FakeIncidentStore}. Updates arrive by signal-with-start exactly as
 * IncidentIntake (app module) sends them. Shared by the workflow tests and the history recorder.
 */
final class IncidentHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-10T14:00:00Z");
  static final String SOURCE = "pagerduty";
  static final String EXTERNAL_ID = "PD-4711";
  static final String WORKFLOW_ID = IncidentResponseWorkflow.workflowId(SOURCE, EXTERNAL_ID);
  static final String INCIDENT_ID = IncidentResponseWorkflow.incidentId(SOURCE, EXTERNAL_ID);
  static final String TITLE = "Checkout API returning 500s";
  static final String CHANNEL = "C0INCIDENT";

  static final String DANA = "csm-dana";
  static final String LEE = "csm-lee";
  static final String SAM = "csm-sam";
  /** On the api: two high-impact customers of two CSMs, one medium. */
  static final ImpactedCustomer ACME = new ImpactedCustomer("cust-acme", DANA, "high");
  static final ImpactedCustomer GLOBEX = new ImpactedCustomer("cust-globex", LEE, "high");
  static final ImpactedCustomer INITECH = new ImpactedCustomer("cust-initech", LEE, "medium");
  /** On the dashboard: a low-impact customer of a third CSM. */
  static final ImpactedCustomer UMBRELLA = new ImpactedCustomer("cust-umbrella", SAM, "low");
  static final List<ImpactedCustomer> HIGH_IMPACT = List.of(ACME, GLOBEX);

  static final ApprovalPolicy APPROVAL = new ApprovalPolicy(Duration.ofHours(24), Duration.ofDays(7), false);
  static final Duration FOLLOW_UP_AFTER = Duration.ofDays(2);
  static final Duration CLOSE_UNRESOLVED_AFTER = Duration.ofDays(30);
  static final IncidentPolicy POLICY = new IncidentPolicy(APPROVAL, FOLLOW_UP_AFTER, CLOSE_UNRESOLVED_AFTER);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeIncidentStore store;
  final IncidentPolicy policy;
  final IncidentActivities incidents = mock(IncidentActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  /** approval id → its status, like approvals.status: pending until decided or expired. */
  final Map<String, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();
  /** approval id → who decided it, like approvals.decided_by (set by {@link #rowDecidedWithoutTheWorkflow}). */
  final Map<String, String> deciders = new java.util.concurrent.ConcurrentHashMap<>();
  /** approval id → the draft's idempotency key, like approvals.idempotency_key. */
  final Map<String, String> draftKeys = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, DraftRef> heldByKey = new java.util.concurrent.ConcurrentHashMap<>();

  IncidentHarness() {
    this(IncidentResponseWorkflowImpl.class);
  }

  IncidentHarness(Class<?> workflowImplementation) {
    this(workflowImplementation, new FakeIncidentStore(Map.of("api", List.of(ACME, GLOBEX, INITECH), "dashboard", List.of(UMBRELLA))),
        POLICY);
  }

  /** On {@code store}'s customers (their CSM and impact) with {@code policy}. */
  IncidentHarness(Class<?> workflowImplementation, FakeIncidentStore store, IncidentPolicy policy) {
    this.store = store;
    this.policy = policy;
    env = TestServers.newEnvironment(T0);
    client = env.getWorkflowClient();

    doAnswer(invocation -> store.apply(invocation.getArgument(0))).when(incidents).applyUpdate(any());
    doAnswer(invocation -> store.analyzeImpact(invocation.getArgument(0))).when(incidents).analyzeImpact(anyString());
    doAnswer(invocation -> store.assessImpact(invocation.getArgument(0))).when(incidents).assessImpact(anyString());
    doAnswer(invocation -> store.csmsToNotify(invocation.getArgument(1), invocation.getArgument(2), invocation.getArgument(3)))
        .when(incidents).csmsToNotify(anyString(), anyLong(), any(), anyInt());
    // as IncidentActivitiesImpl: each customer of the page drafted by draftCustomerEmail, answered with its approval's status
    doAnswer(invocation -> {
          String keyPrefix = invocation.getArgument(0);
          String incidentId = invocation.getArgument(1);
          ApprovalKind kind = invocation.getArgument(2);
          List<ImpactedCustomer> page = store.highImpactPage(invocation.getArgument(3), invocation.getArgument(4));
          List<DraftPage.Drafted> drafted = new java.util.ArrayList<>();
          for (ImpactedCustomer customer : page) {
            String key = keyPrefix + "/" + customer.customerId();
            // a key drafted before finds its row, as approvals.idempotency_key does
            DraftRef draft = heldByKey.computeIfAbsent(key,
                k -> incidents.draftCustomerEmail(k, incidentId, customer.customerId(), kind));
            draftKeys.put(draft.approvalId(), key);
            drafted.add(new DraftPage.Drafted(customer.customerId(), draft.approvalId(), draft.approverId(),
                statuses.getOrDefault(draft.approvalId(), "pending")));
          }
          String last = page.isEmpty() ? null : page.get(page.size() - 1).customerId();
          return new DraftPage(drafted, last != null && store.hasHighImpactAfter(last) ? last : null);
        })
        .when(incidents).holdDrafts(anyString(), anyString(), any(), any(), anyInt());
    doAnswer(invocation -> {
          String keyPrefix = invocation.getArgument(0);
          List<ImpactedCustomer> page = store.highImpactPage(invocation.getArgument(2), invocation.getArgument(3));
          Instant dueAt = invocation.getArgument(4);
          IncidentSnapshot incident = store.incident();
          for (ImpactedCustomer customer : page) {
            tasks.createTask(new NewTask(keyPrefix + "/" + customer.customerId(),
                "Follow up with " + customer.customerId() + " after incident: " + incident.title(),
                "Post-incident follow-up call for a high-impact customer (incident " + incident.incidentId() + ").",
                customer.csmId(), customer.customerId(), TaskPriority.HIGH, dueAt, WORKFLOW_ID));
          }
          String last = page.isEmpty() ? null : page.get(page.size() - 1).customerId();
          return last != null && store.hasHighImpactAfter(last) ? last : null;
        })
        .when(incidents).createFollowUpTasks(anyString(), anyString(), any(), anyInt(), any());
    doAnswer(invocation -> new Delivery(100, "slack", "sent", "dm-" + invocation.getArgument(2)))
        .when(incidents).notifyCsmOfIncident(anyString(), anyString(), anyString(), any());
    doAnswer(invocation -> new Delivery(200, "slack", "sent", "resolved-" + invocation.getArgument(2)))
        .when(incidents).notifyCsmOfResolution(anyString(), anyString(), anyString());
    doReturn(CHANNEL).when(incidents).openCoordinationChannel(anyString(), anyList());
    doAnswer(invocation -> {
          String customerId = invocation.getArgument(2);
          String csmId = store.csmOf(customerId);
          return new DraftRef(approvalId(invocation.<ApprovalKind>getArgument(3), customerId), csmId, csmId.substring(4));
        })
        .when(incidents).draftCustomerEmail(anyString(), anyString(), anyString(), any());
    doReturn(301L).when(tasks).createTask(any());
    doReturn(new Delivery(400, "slack", "sent", "reminder")).when(approvals).remindApprover(anyString(), anyString());
    doAnswer(invocation -> {
          statuses.putIfAbsent(invocation.getArgument(0), "expired");
          return statuses.get(invocation.<String>getArgument(0));
        }).when(approvals).expireApproval(anyString());
    doAnswer(invocation -> {
          List<String> ids = invocation.getArgument(0);
          ids.forEach(id -> approvals.remindApprover(draftKeys.get(id) + "/approval-reminder", id));
          return ids.size();
        }).when(approvals).remindApprovers(anyList());
    doAnswer(invocation -> invocation.<List<String>>getArgument(0).stream().map(approvals::expireApproval).toList())
        .when(approvals).expireApprovals(anyList());
    doAnswer(invocation -> new RecordedDecision(statuses.getOrDefault(invocation.<String>getArgument(0), "pending"),
            deciders.get(invocation.<String>getArgument(0))))
        .when(approvals).readDecision(anyString());
    doAnswer(invocation -> invocation.<List<String>>getArgument(0).stream().map(approvals::readDecision).toList())
        .when(approvals).readDecisions(anyList());
    doReturn(new Delivery(500, "email", "sent", "gmail-1")).when(approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    doAnswer(invocation -> {
          RecordedDecision recorded = Decisions.recorded(invocation.<DraftDecision>getArgument(0));
          statuses.putIfAbsent(invocation.<DraftDecision>getArgument(0).approvalId(), recorded.status());
          return recorded;
        }).when(approvals).recordDecision(any());

    TestServers.startPlaybooksWorker(env, workflowImplementation, incidents, approvals, tasks, activityLog);
  }

  static String csmOf(String customerId) {
    return Stream.of(ACME, GLOBEX, INITECH, UMBRELLA).filter(c -> c.customerId().equals(customerId))
        .map(ImpactedCustomer::csmId).findFirst().orElseThrow();
  }

  /** The approval id the mocked {@code draftCustomerEmail} answers for a customer's draft of {@code kind}. */
  static String approvalId(ApprovalKind kind, String customerId) {
    return "approval-" + kind.label() + "-" + customerId;
  }

  /** The prefix of every side effect's key: the workflow id and the key of the run's first applied update. */
  static String episode(String firstUpdateKey) {
    return WORKFLOW_ID + "#" + firstUpdateKey;
  }

  // ---------------------------------------------------------------- updates

  /** An update of the incident that happened {@code after} T0; null severity or status say nothing of it. */
  static IncidentUpdate update(String key, Duration after, String severity, String status, String... components) {
    Instant occurredAt = T0.plus(after);
    return new IncidentUpdate(SOURCE, EXTERNAL_ID, key, occurredAt, TITLE, null, severity, status, List.of(components),
        List.of("us-east-1"), T0, "resolved".equals(status) ? occurredAt : null, "https://status.example.com/incidents/4711");
  }

  /** Hands {@code update} to the workflow exactly as IncidentIntake does: signal-with-start. */
  WorkflowExecution post(IncidentUpdate update) {
    IncidentResponseWorkflow workflow = IncidentResponseWorkflow.starting(client, update);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::run, policy, null);
    request.add(workflow::postIncidentUpdate, update);
    return client.signalWithStart(request);
  }

  /** Posts {@code update} and waits until the workflow has handled it. */
  IncidentState postAndSettle(IncidentUpdate update) {
    post(update);
    return awaitIdle();
  }

  /** A stub on the running incident response, as the approvals API signals it: by workflow id only. */
  IncidentResponseWorkflow running() {
    return client.newWorkflowStub(IncidentResponseWorkflow.class, WORKFLOW_ID);
  }

  /** The row says {@code status} by {@code decidedBy}, but that decision never reached the workflow (a lost update). */
  void rowDecidedWithoutTheWorkflow(String approvalId, String status, String decidedBy) {
    statuses.put(approvalId, status);
    deciders.put(approvalId, decidedBy);
  }

  void approve(String approvalId) {
    running().approveDraft(new ApproveDraft(approvalId, "csm", null, null));
  }

  void reject(String approvalId) {
    running().rejectDraft(new RejectDraft(approvalId, "csm", "not now"));
  }

  /** Decides as the approvals API does: the decideDraft update by workflow id. */
  DecisionResult decide(DraftDecision decision) {
    return Decisions.decide(client, WORKFLOW_ID, decision);
  }

  IncidentState state() {
    return running().getState();
  }

  /** Waits (skipping time) for the run to finish and answers its result. */
  IncidentState result() {
    return WorkflowStub.fromTyped(running()).getResult(IncidentState.class);
  }

  WorkflowExecutionDescription describe() {
    return WorkflowStub.fromTyped(running()).describe();
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  // ---------------------------------------------------------------- waiting without skipping time

  /**
   * Waits in wall-clock time until the workflow has nothing left to do but wait: its last workflow
   * task completed and no activity is outstanding (or it has closed). Answers its state then.
   */
  IncidentState awaitIdle() {
    Waiting.until("the workflow to settle", () -> client.fetchHistory(WORKFLOW_ID), IncidentHarness::settled);
    return state();
  }

  private static boolean settled(WorkflowExecutionHistory history) {
    Set<Long> openActivities = new HashSet<>();
    EventType lastTaskEvent = null;
    for (HistoryEvent event : history.getEvents()) {
      switch (event.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> openActivities.add(event.getEventId());
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
            openActivities.remove(event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
            openActivities.remove(event.getActivityTaskFailedEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
            openActivities.remove(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
            openActivities.remove(event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_FAILED, EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> lastTaskEvent = event.getEventType();
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
          return true;
        }
        default -> {}
      }
    }
    return openActivities.isEmpty() && lastTaskEvent == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
  }

  @Override
  public void close() {
    env.close();
  }
}
