package io.vigil.workflows.sweep;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.testing.ActivityCalls;
import io.vigil.workflows.testing.TestServers;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The detection sweep on the time-skipping test server with its steps mocked: a portfolio of
 * {@code pages} pages of customers (page n ends at customer {@code c-<n>}), each with an evaluated
 * and a skipped customer and one alert, dispatched in batches of two alerts (started, suppressed),
 * then health scored in as many pages (page n ends at customer {@code h-<n>}, one of its two scored).
 * Until {@link #sliced} the slices step answers nothing, as workers before the {@code sweep-fan-out}
 * version did not have it, and the sweep goes page after page; sliced, page n is slice n.
 * Shared by the workflow tests and the history recorder.
 */
final class SweepHarness implements AutoCloseable {
  /** 06:00 UTC on a Thursday, when the schedule fires: the sweep is as of Wednesday. */
  static final Instant T0 = Instant.parse("2026-11-19T06:00:00Z");
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  static final LocalDate SATURDAY = LocalDate.of(2026, 11, 14);
  static final String WORKFLOW_ID = "detection-sweep-2026-11-19T06:00:00Z";
  static final RolledUp ROLLED_UP = new RolledUp(AS_OF.minusDays(1), AS_OF, 2, 100);

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final ActivityCalls calls;
  final SweepActivities steps = mock(SweepActivities.class, withSettings().withoutAnnotations());
  /** Dispatch attempts that fail before answering (each throws once, then the retry succeeds). */
  final AtomicInteger failingDispatches = new AtomicInteger();
  final List<String> sweepIds = new ArrayList<>();
  /** What judging the day answers: an ordinary day unless a test says otherwise. */
  volatile CommonModeVerdict verdict = CommonModeVerdict.NONE;
  /** What the slices step answers (null: the step of a worker before the fan-out). */
  private volatile SweepSlices slices;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The most slice steps that ran at the same moment. */
  final AtomicInteger mostAtOnce = new AtomicInteger();

  SweepHarness(int pages) {
    this(DetectionSweepWorkflowImpl.class, pages);
  }

  SweepHarness(Class<?> workflowImplementation, int pages) {
    env = TestServers.newEnvironment(T0);
    client = env.getWorkflowClient();
    calls = new ActivityCalls(env);
    int batches = (pages + 1) / 2;

    doAnswer(invocation -> {
      LocalDate asOf = invocation.getArgument(0);
      calls.stamp("rollUp " + asOf);
      boolean weekend = asOf.getDayOfWeek().getValue() >= 6;
      return new SweepPlan(ROLLED_UP, 2L * pages, weekend ? "weekend" : null,
          weekend ? asOf + " is a Saturday: weekends are not evaluated" : null);
    }).when(steps).rollUp(any());
    doAnswer(invocation -> {
      sweepIds.add(invocation.getArgument(0));
      String after = invocation.getArgument(2);
      int n = after == null ? 1 : Integer.parseInt(after.substring(2)) + 1;
      calls.stamp("detectPage " + n);
      return new DetectedPage("c-" + n, n == pages, 2, 1, Map.of("notEnoughHistory", 1), 1,
          Map.of(DayTally.PORTFOLIO, new DayTally(1, 1)));
    }).when(steps).detectPage(anyString(), any(), any());
    doAnswer(invocation -> {
      String after = invocation.getArgument(1);
      int n = after == null ? 1 : Integer.parseInt(after.substring(2)) / 2 + 1;
      calls.stamp("dispatchBatch " + n);
      if (failingDispatches.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        throw new IllegalStateException("worker lost Temporal while starting a check-in");
      }
      boolean last = n == batches;
      int alerts = last && pages % 2 == 1 ? 1 : 2;
      return new DispatchedBatch("c-" + (2 * (n - 1) + alerts), last, alerts, 1, alerts - 1);
    }).when(steps).dispatchBatch(anyString(), any());
    doAnswer(invocation -> {
      calls.stamp("judgeCommonMode");
      return verdict;
    }).when(steps).judgeCommonMode(anyString(), any(), any());
    doAnswer(calls.stamped("tellOperators", null)).when(steps).tellOperators(any());
    doAnswer(calls.stamped("sweepAdoption", new AdoptionSwept(2L * pages, 1, 0, null)))
        .when(steps).sweepAdoption(anyString(), any());
    doAnswer(invocation -> {
      String after = invocation.getArgument(2);
      int n = after == null ? 1 : Integer.parseInt(after.substring(2)) + 1;
      calls.stamp("scoreHealthPage " + n);
      return new HealthPage("h-" + n, n == pages, 2, 1);
    }).when(steps).scoreHealthPage(anyString(), any(), any());
    doAnswer(calls.stamped("sweep", new SweepSummary(AS_OF, 2L * pages, pages, 0, null, 1, 0)))
        .when(steps).sweep(any());

    doAnswer(invocation -> slices).when(steps).slices();
    doAnswer(invocation -> {
      int n = sliceNumber(invocation.getArgument(3));
      calls.stamp("detectSlice " + n);
      sweepIds.add(invocation.getArgument(0));
      return whileInFlight(new DetectedPage("c-" + n, true, 2, 1, Map.of("notEnoughHistory", 1), 1,
          Map.of(DayTally.PORTFOLIO, new DayTally(1, 1))));
    }).when(steps).detectSlice(anyString(), any(), any(), any());
    doAnswer(invocation -> {
      int n = sliceNumber(invocation.getArgument(2));
      calls.stamp("dispatchSlice " + n);
      if (failingDispatches.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
        throw new IllegalStateException("worker lost Temporal while starting a check-in");
      }
      // odd slices' alerts start a check-in, even ones are handed to one already running
      return whileInFlight(new DispatchedBatch("c-" + n, true, 1, n % 2, 1 - n % 2));
    }).when(steps).dispatchSlice(anyString(), any(), any());
    doAnswer(invocation -> {
      int n = sliceNumber(invocation.getArgument(3));
      calls.stamp("scoreHealthSlice " + n);
      return whileInFlight(new HealthPage("c-" + n, true, 2, 1));
    }).when(steps).scoreHealthSlice(anyString(), any(), any(), any());

    TestServers.startPlaybooksWorker(env, workflowImplementation, steps);
  }

  /** From now on the slices step splits the pages' customers into one slice per page, {@code parallelism} at once. */
  SweepHarness sliced(int pages, int parallelism) {
    List<String> bounds = new ArrayList<>();
    for (int n = 1; n < pages; n++) {
      bounds.add("c-" + n);
    }
    slices = new SweepSlices(bounds, parallelism);
    return this;
  }

  /** Slice n ends at customer c-n; the last slice has no end. */
  private int sliceNumber(String through) {
    return through == null ? slices.count() : Integer.parseInt(through.substring(2));
  }

  /** Holds the step a moment (wall-clock), long enough for the steps that run beside it to overlap. */
  private <T> T whileInFlight(T answer) throws InterruptedException {
    mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Thread.sleep(150);
      return answer;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Starts the sweep as the schedule does: no input. */
  DetectionSweepWorkflow start() {
    return start(null);
  }

  DetectionSweepWorkflow start(SweepInput input) {
    DetectionSweepWorkflow sweep = client.newWorkflowStub(DetectionSweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID).setTaskQueue(TaskQueues.PLAYBOOKS).build());
    WorkflowClient.start(sweep::run, input);
    return sweep;
  }

  /** Waits (skipping time) for the sweep, through every continued run, and answers its result. */
  SweepState result() {
    return client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(SweepState.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
