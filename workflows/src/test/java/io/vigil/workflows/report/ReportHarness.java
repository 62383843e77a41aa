package io.vigil.workflows.report;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.testing.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The weekly report on the time-skipping test server with its steps mocked: the schedule's Friday
 * run of 2026-W48, a report channel and two managers; every delivery is recorded (no credentials).
 * Shared by the workflow tests and the history recorder.
 */
final class ReportHarness implements AutoCloseable {
  /** Friday 27 November 2026, 15:00 UTC: the schedule's default time, in ISO week 2026-W48. */
  static final Instant FRIDAY = Instant.parse("2026-11-27T15:00:00Z");
  static final String WEEK = "2026-W48";
  static final String REPORT_ID = "weekly-report/2026-W48";
  static final String TRIGGER_ID = "weekly-report-schedule-2026-11-27T15:00:00Z";
  static final List<ReportRecipient> RECIPIENTS = List.of(new ReportRecipient(ReportRecipient.SLACK, "C0REPORTS"),
      new ReportRecipient(ReportRecipient.EMAIL, "maria"), new ReportRecipient(ReportRecipient.EMAIL, "omar"));

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final WeeklyReportActivities steps = mock(WeeklyReportActivities.class, withSettings().withoutAnnotations());
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  private final AtomicLong notificationIds = new AtomicLong();

  ReportHarness(Class<?>... workflowImplementations) {
    env = TestServers.newEnvironment(FRIDAY);
    client = env.getWorkflowClient();
    doAnswer(invocation -> new CompiledReport(invocation.getArgument(0), true, 2, 1, 1, 5)).when(steps).compile(anyString());
    doAnswer(invocation -> RECIPIENTS).when(steps).recipients();
    doAnswer(invocation -> {
      ReportRecipient recipient = invocation.getArgument(1);
      return new Delivery(notificationIds.incrementAndGet(), recipient.channel(), "recorded", null);
    }).when(steps).deliver(anyString(), any());
    // the first workflow task of a cold JVM on a busy machine loads classes for longer than the
    // default 1 s deadlock detector allows; these workflows do no blocking work to detect
    Worker worker = env.newWorker(TaskQueues.PLAYBOOKS,
        WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build());
    worker.registerWorkflowImplementationTypes(TestServers.FAIL_WORKFLOW_ON_ANY_EXCEPTION, workflowImplementations);
    worker.registerActivitiesImplementations(steps, activityLog);
    env.start();
  }

  ReportHarness() {
    this(WeeklyReportTriggerWorkflowImpl.class, WeeklyReportWorkflowImpl.class);
  }

  /** Starts the trigger as the schedule does (its own id, no input) and waits for its result. */
  WeeklyReportResult runScheduled() {
    return client.newWorkflowStub(WeeklyReportTriggerWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(TRIGGER_ID).setTaskQueue(TaskQueues.PLAYBOOKS).build()).run();
  }

  /** Runs the report of {@code week} directly, as an operator would from the CLI. */
  WeeklyReportResult run(String week) {
    return client.newWorkflowStub(WeeklyReportWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WeeklyReportWorkflow.ID_PREFIX + week)
            .setTaskQueue(TaskQueues.PLAYBOOKS).build()).run(week);
  }

  @Override
  public void close() {
    env.close();
  }
}
