package io.vigil.workflows.adoption;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.ApprovalActivities;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.ApproveDraft;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.RejectDraft;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.common.TaskActivities;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.WorkflowIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.mockito.stubbing.Answer;

/**
 * A time-skipping Temporal test environment running the adoption enablement on the playbooks task
 * queue, every activity a Mockito mock. Time is skipped only while a test waits on a result or calls
 * {@link TestWorkflowEnvironment#sleep}. Shared by the workflow tests and the history recorder.
 */
final class AdoptionHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-04T09:00:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 3, 3);
  static final String CUSTOMER_ID = "cust-77";
  static final String CSM_ID = "csm-9";
  static final String APPROVAL_ID = "approval-202";
  static final String WORKFLOW_ID = WorkflowIds.adoption(CUSTOMER_ID);
  static final String KEY = WORKFLOW_ID + "@" + AS_OF;
  private static final Duration REAL_TIME_WAIT = Duration.ofSeconds(10);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final AdoptionActivities adoption = mock(AdoptionActivities.class, withSettings().withoutAnnotations());
  final ApprovalActivities approvals = mock(ApprovalActivities.class, withSettings().withoutAnnotations());
  final TaskActivities tasks = mock(TaskActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());

  private final List<Call> calls = new ArrayList<>();

  record Call(String name, Instant at) {}

  AdoptionHarness() {
    this(AdoptionEnablementWorkflowImpl.class);
  }

  AdoptionHarness(Class<?> workflowImplementation) {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setInitialTime(T0)
        // a fixed identity keeps host names out of recorded histories
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("vigil-test").build())
        .build());
    for (var key : io.vigil.workflows.common.SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    client = env.getWorkflowClient();

    doAnswer(stamped("recordRiskSignal", 12L)).when(adoption).recordRiskSignal(anyString(), any());
    doAnswer(stamped("recordDetection", null)).when(adoption).recordDetection(anyString(), any(), anyString(), anyString());
    doAnswer(stamped("analyzeGaps", List.of(new FeatureGap("analytics", 2, 12, "2026-02-10",
        "2 of 12 active users tried it; last used 2026-02-10. No support ticket data."))))
        .when(adoption).analyzeGaps(anyString(), any());
    doAnswer(stamped("notifyCsm", new Delivery(51, "slack", "sent", "1709456400.000200")))
        .when(adoption).notifyCsm(anyString(), any(), anyList());
    doAnswer(stamped("draftEnablementEmail", new DraftRef(APPROVAL_ID, CSM_ID, "Robin Csm")))
        .when(adoption).draftEnablementEmail(anyString(), any());
    doAnswer(stamped("recordInterventions", 1)).when(adoption).recordInterventions(anyString(), any(), anyString(), anyString());
    answerFollowUpWith(false);
    doAnswer(stamped("createTask", 61L)).when(tasks).createTask(any());
    doAnswer(stamped("remindApprover", new Delivery(52, "slack", "sent", "reminder")))
        .when(approvals).remindApprover(anyString(), anyString());
    doAnswer(stamped("expireApproval", "expired")).when(approvals).expireApproval(anyString());
    doAnswer(stamped("sendApprovedDraft", new Delivery(53, "email", "sent", "gmail-2")))
        .when(approvals).sendApprovedDraft(anyString(), anyString(), anyBoolean());
    doAnswer(invocation -> {
          stamp("log:" + invocation.<LogEntry>getArgument(0).action());
          return null;
        })
        .when(activityLog).log(any());

    Worker worker = env.newWorker(TaskQueues.PLAYBOOKS);
    // fail the workflow on any exception instead of retrying its task forever: a bug ends the test at once
    worker.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(Throwable.class).build(),
        workflowImplementation);
    worker.registerActivitiesImplementations(adoption, approvals, tasks, activityLog);
    env.start();
  }

  /** What the follow-up measures: the lead feature recovered (score 35, engaged), or still stalled. */
  void answerFollowUpWith(boolean stillStalled) {
    doAnswer(stamped("measureFollowUp", List.of(stillStalled
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
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.adoption(alert.customerId()))
        .setTaskQueue(TaskQueues.PLAYBOOKS)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary("Adoption enablement for " + alert.customerName() + ": " + alert.summary())
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(io.vigil.workflows.common.SearchAttributes.CUSTOMER_ID, alert.customerId())
            .set(io.vigil.workflows.common.SearchAttributes.CSM_ID, alert.csmId())
            .set(io.vigil.workflows.common.SearchAttributes.SEVERITY, alert.severity().label())
            .build())
        .build();
    AdoptionEnablementWorkflow workflow = client.newWorkflowStub(AdoptionEnablementWorkflow.class, options);
    WorkflowClient.start(workflow::run, alert);
    return workflow;
  }

  AdoptionEnablementWorkflow running() {
    return client.newWorkflowStub(AdoptionEnablementWorkflow.class, WORKFLOW_ID);
  }

  /** Signals by name with an untyped stub, exactly as the approvals API does for every playbook. */
  void approve(String approvalId) {
    client.newUntypedWorkflowStub(WORKFLOW_ID).signal("approveDraft", new ApproveDraft(approvalId, CSM_ID, null, null));
  }

  void reject(String approvalId, String reason) {
    client.newUntypedWorkflowStub(WORKFLOW_ID).signal("rejectDraft", new RejectDraft(approvalId, CSM_ID, reason));
  }

  AdoptionState state() {
    return running().getState();
  }

  /** Waits (skipping time) for the enablement to finish and answers its result. */
  AdoptionState result() {
    return WorkflowStub.fromTyped(running()).getResult(AdoptionState.class);
  }

  Instant startedAt() {
    return WorkflowStub.fromTyped(running()).describe().getStartTime();
  }

  /** Polls the query in wall-clock time (no time is skipped) until the state matches. */
  AdoptionState awaitState(String description, Predicate<AdoptionState> condition) {
    long deadline = System.nanoTime() + REAL_TIME_WAIT.toNanos();
    AdoptionState state = null;
    while (System.nanoTime() < deadline) {
      try {
        state = state();
        if (condition.test(state)) {
          return state;
        }
      } catch (RuntimeException notYetQueryable) {
        // the first workflow task has not run yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting for " + description + "; last state " + state);
  }

  AdoptionState awaitStage(String stagePrefix) {
    return awaitState("stage '" + stagePrefix + "…'", s -> s.stage() != null && s.stage().startsWith(stagePrefix));
  }

  synchronized List<String> callNames() {
    return calls.stream().map(Call::name).toList();
  }

  synchronized Instant onlyCallTime(String name) {
    List<Instant> times = calls.stream().filter(c -> c.name().equals(name)).map(Call::at).toList();
    if (times.size() != 1) {
      throw new AssertionError("expected exactly one call of " + name + " but saw " + times);
    }
    return times.get(0);
  }

  private <T> Answer<T> stamped(String name, T result) {
    return invocation -> {
      stamp(name);
      return result;
    };
  }

  private synchronized void stamp(String name) {
    calls.add(new Call(name, Instant.ofEpochMilli(env.currentTimeMillis())));
  }

  @Override
  public void close() {
    env.close();
  }
}
