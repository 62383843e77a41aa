package io.vigil.workflows.sweep;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.ActivityProfiles;
import io.vigil.workflows.common.BestEffort;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The daily sweep in steps, each an activity that heartbeats: roll up what the day's evaluation
 * needs; split the customers into slices (by customer id); detect the slices, several at once so that
 * every worker takes a share, their alerts stored in PostgreSQL; dispatch the stored alerts slice by
 * slice the same way; run the adoption detector; score every customer's health slice by slice
 * (docs/health.md). Sweeps that started before the {@code sweep-fan-out} version go page after page
 * (detection, health) and batch after batch (dispatch), one step at a time. The history
 * holds cursors and counts, never alerts, and the run continues as new with its progress when the
 * history passes {@link #MAX_HISTORY_EVENTS} events (or the server suggests it).
 */
public class DetectionSweepWorkflowImpl implements DetectionSweepWorkflow {
  /** Version 1: the sweep in steps; before it, one activity did everything ({@link #legacy()}). */
  static final String STEPS_CHANGE = "sweep-in-steps";
  /** Version 1: after the last page, the day is judged for common-mode drops before dispatch. */
  static final String COMMON_MODE_CHANGE = "common-mode-days";
  /** Customers of a common-mode day's group, not evaluated. */
  static final String COMMON_MODE = "commonMode";
  /** Version 1: health is scored for every customer after the adoption detector (issue 9). */
  static final String HEALTH_CHANGE = "health-step";
  /**
   * Version 1: the customers are split into slices after the roll-up, and detection, dispatch and
   * health run several slices at once, so that every worker polling the task queue takes a share.
   */
  static final String FAN_OUT_CHANGE = "sweep-fan-out";
  /** A few thousand events keep a run quick to replay; each page or batch adds about six. */
  static final int MAX_HISTORY_EVENTS = 2_000;

  /** The options of the single activity of the sweeps that started before the steps. */
  private static final ActivityOptions LEGACY_SWEEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
      .build();

  private Progress progress;
  /** Steps taken by this run: a run always takes one before it may continue as new. */
  private int stepsThisRun;

  @Override
  public SweepState run(SweepInput input) {
    int version = Workflow.getVersion(STEPS_CHANGE, Workflow.DEFAULT_VERSION, 1);
    if (version == Workflow.DEFAULT_VERSION) {
      return legacy();
    }
    SweepInput in = input == null ? new SweepInput(null, null, null) : input;
    int maxEvents = in.maxHistoryEvents() == null ? MAX_HISTORY_EVENTS : in.maxHistoryEvents();
    progress = in.resume() != null ? Progress.resume(in.resume())
        : Progress.start(Workflow.getInfo().getWorkflowId() + "@" + Workflow.getInfo().getFirstExecutionRunId(),
            in.asOf() != null ? in.asOf() : yesterday());
    Progress p = progress;
    LocalDate asOf = p.asOf;

    if (p.stage == SweepStage.ROLLING_UP) {
      show();
      SweepPlan plan = steps("Roll up the usage the evaluation as of " + asOf + " needs").rollUp(asOf);
      p.rolledUp = plan.rolledUp();
      p.customers = plan.customers();
      if (plan.skipReason() != null) {
        p.skipped.merge(plan.skipKind(), plan.customers(), Long::sum);
        p.skipReason = plan.skipReason();
        p.stage = SweepStage.ADOPTION;
      } else {
        p.stage = SweepStage.DETECTING;
      }
      if (fanOutVersion() >= 1) {
        p.slices = steps("Split the customers into slices for the workers").slices();
      }
    }
    fanOut(in, maxEvents, SweepStage.DETECTING, slice -> "Detect usage drops as of " + asOf + ", " + slice,
        (step, after, through) -> Async.function(step::detectSlice, p.sweepId, asOf, after, through),
        page -> addDetected(p, page), () -> detectionDone(p));
    while (p.stage == SweepStage.DETECTING) {
      continueAsNewIfLong(in, maxEvents);
      show();
      DetectedPage page = steps("Detect usage drops as of " + asOf + ", page " + (p.pages + 1)
          + (p.cursor == null ? "" : " (customers after " + p.cursor + ")")).detectPage(p.sweepId, asOf, p.cursor);
      addDetected(p, page);
      p.cursor = page.lastCustomerId();
      if (page.last()) {
        detectionDone(p);
      }
    }
    if (p.stage == SweepStage.DISPATCHING && p.slices != null && p.alerts == 0) {
      p.stage = SweepStage.ADOPTION;
    }
    fanOut(in, maxEvents, SweepStage.DISPATCHING, slice -> "Start or signal the check-ins of " + slice,
        (step, after, through) -> Async.function(step::dispatchSlice, p.sweepId, after, through),
        batch -> addDispatched(p, batch), () -> p.stage = SweepStage.ADOPTION);
    while (p.stage == SweepStage.DISPATCHING) {
      if (p.alerts == 0) {
        p.stage = SweepStage.ADOPTION;
        break;
      }
      continueAsNewIfLong(in, maxEvents);
      show();
      DispatchedBatch batch = steps("Start or signal check-ins, batch " + (p.batches + 1)
          + (p.cursor == null ? "" : " (alerts after customer " + p.cursor + ")")).dispatchBatch(p.sweepId, p.cursor);
      addDispatched(p, batch);
      p.cursor = batch.lastCustomerId();
      if (batch.last()) {
        p.stage = SweepStage.ADOPTION;
        p.cursor = null;
      }
    }
    if (p.stage == SweepStage.ADOPTION) {
      show();
      AdoptionSwept adoption = steps("Detect stalled feature adoption as of " + asOf).sweepAdoption(p.sweepId, asOf);
      p.adoptionEvaluated = adoption.evaluated();
      p.adoptionStarted = adoption.started();
      p.adoptionSuppressed = adoption.suppressed();
      p.stage = healthVersion() == Workflow.DEFAULT_VERSION ? SweepStage.DONE : SweepStage.HEALTH;
    }
    fanOut(in, maxEvents, SweepStage.HEALTH, slice -> "Score customer health as of " + asOf + ", " + slice,
        (step, after, through) -> Async.function(step::scoreHealthSlice, p.sweepId, asOf, after, through),
        page -> {
          p.healthPages++;
          p.healthScored += page.scored();
        }, () -> p.stage = SweepStage.DONE);
    while (p.stage == SweepStage.HEALTH) {
      continueAsNewIfLong(in, maxEvents);
      show();
      HealthPage page = steps("Score customer health as of " + asOf + ", page " + (p.healthPages + 1)
          + (p.cursor == null ? "" : " (customers after " + p.cursor + ")")).scoreHealthPage(p.sweepId, asOf, p.cursor);
      p.healthPages++;
      p.healthScored += page.scored();
      p.cursor = page.lastCustomerId();
      if (page.last()) {
        p.stage = SweepStage.DONE;
        p.cursor = null;
      }
    }
    show();
    return p.state();
  }

  private void addDetected(Progress p, DetectedPage page) {
    p.pages++;
    p.evaluated += page.evaluated();
    page.skipped().forEach((reason, n) -> p.skipped.merge(reason, (long) n, Long::sum));
    p.alerts += page.alerts();
    p.tallies = DayTally.sum(p.tallies, page.tallies());
  }

  private void detectionDone(Progress p) {
    p.stage = SweepStage.DISPATCHING;
    p.cursor = null;
    p.nextSlice = 0;
    if (Workflow.getVersion(COMMON_MODE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      judgeCommonMode(p);
    }
  }

  private static void addDispatched(Progress p, DispatchedBatch batch) {
    p.batches++;
    p.started += batch.started();
    p.suppressed += batch.suppressed();
  }

  /** One slice's step of a stage, started on the slice's bounds. */
  @FunctionalInterface
  private interface SliceStep<T> {
    Promise<T> start(SweepActivities step, String afterCustomerId, String throughCustomerId);
  }

  /**
   * Runs a stage of a sliced sweep: waves of its slices, {@code parallelism} at once (each worker
   * polling the task queue may take one), each wave's results folded in slice order once all of them
   * are done; after the last slice, {@code finished} moves the sweep to its next stage.
   */
  private <T> void fanOut(SweepInput in, int maxEvents, SweepStage stage, Function<String, String> summary,
      SliceStep<T> step, Consumer<T> fold, Runnable finished) {
    Progress p = progress;
    while (p.stage == stage && p.slices != null) {
      continueAsNewIfLong(in, maxEvents);
      show();
      SweepSlices slices = p.slices;
      int end = Math.min(p.nextSlice + Math.max(1, slices.parallelism()), slices.count());
      List<Promise<T>> running = new ArrayList<>();
      for (int i = p.nextSlice; i < end; i++) {
        running.add(step.start(sliceStep(summary.apply(slice(slices, i))), slices.after(i), slices.through(i)));
      }
      for (Promise<T> slice : running) {
        fold.accept(slice.get());
      }
      p.nextSlice = end;
      if (p.nextSlice == slices.count()) {
        p.nextSlice = 0;
        finished.run();
      }
    }
  }

  private static String slice(SweepSlices slices, int i) {
    String after = slices.after(i);
    String through = slices.through(i);
    return "slice " + (i + 1) + " of " + slices.count() + (after == null && through == null ? ""
        : " (customers" + (after == null ? "" : " after " + after) + (through == null ? "" : " through " + through) + ")");
  }

  /**
   * The day's customers are held back where too many of a group dropped at once: they count as
   * skipped ({@code commonMode}), their alerts are held, and operators are told (an optional step:
   * the activity log and the service's log say so even when no message goes out).
   */
  private void judgeCommonMode(Progress p) {
    CommonModeVerdict verdict = steps("Judge whether " + p.asOf + " is a common-mode day")
        .judgeCommonMode(p.sweepId, p.asOf, p.tallies == null ? Map.of() : p.tallies);
    p.commonMode = verdict.days();
    if (verdict.days().isEmpty()) {
      return;
    }
    p.evaluated -= verdict.customersHeld();
    p.skipped.merge(COMMON_MODE, verdict.customersHeld(), Long::sum);
    p.alerts -= verdict.alertsHeld();
    show();
    List<CommonModeDay> days = verdict.days();
    BestEffort.bestEffort(new BestEffort.Step("common-mode/" + p.asOf, List.of(), "tell-operators",
            "operators are not messaged about the common-mode day; the activity log and the service log hold it"),
        () -> Workflow.newActivityStub(SweepActivities.class, ActivityProfiles.withSummary(ActivityProfiles.NOTIFICATION,
            "Tell operators: " + days.get(0).message())).tellOperators(days));
  }

  @Override
  public SweepState getState() {
    return progress == null ? null : progress.state();
  }

  /** Past the event budget (or when the server suggests it), the next run carries on from here. */
  private void continueAsNewIfLong(SweepInput in, int maxEvents) {
    stepsThisRun++;
    if (stepsThisRun > 1
        && (Workflow.getInfo().getHistoryLength() >= maxEvents || Workflow.getInfo().isContinueAsNewSuggested())) {
      Workflow.setCurrentDetails(details(progress) + "\n\nContinuing as a new run (history of "
          + Workflow.getInfo().getHistoryLength() + " events).");
      Workflow.continueAsNew(new SweepInput(progress.asOf, in.maxHistoryEvents(), progress.state()));
    }
  }

  /** Sweeps that were past the roll-up before the fan-out existed go page after page. */
  int fanOutVersion() {
    return Workflow.getVersion(FAN_OUT_CHANGE, Workflow.DEFAULT_VERSION, 1);
  }

  /** Sweeps that were past adoption before the health step existed end there. */
  int healthVersion() {
    return Workflow.getVersion(HEALTH_CHANGE, Workflow.DEFAULT_VERSION, 1);
  }

  private static SweepActivities steps(String summary) {
    return Workflow.newActivityStub(SweepActivities.class, ActivityProfiles.withSummary(ActivityProfiles.SWEEP_STEP, summary));
  }

  /**
   * A slice's step goes through the task queue to whichever worker polls first: an eagerly executed
   * activity would go back to the worker that completed the workflow task, and a wave's slices would
   * all run on the one worker the sweep's workflow task is sticky to.
   */
  private static SweepActivities sliceStep(String summary) {
    return Workflow.newActivityStub(SweepActivities.class, ActivityOptions.newBuilder(
        ActivityProfiles.withSummary(ActivityProfiles.SWEEP_STEP, summary)).setDisableEagerExecution(true).build());
  }

  private void show() {
    Workflow.setCurrentDetails(details(progress));
  }

  /** The Web UI's current details: the stage, what was rolled up, how far detection and dispatch got. */
  static String details(Progress p) {
    StringBuilder text = new StringBuilder("**Detection sweep as of " + p.asOf + "**: ");
    text.append(switch (p.stage) {
      case ROLLING_UP -> "rolling up usage";
      case DETECTING -> "detecting, " + (p.slices == null ? "page " + (p.pages + 1) : slicesAt(p));
      case DISPATCHING -> "dispatching alerts, " + (p.slices == null ? "batch " + (p.batches + 1) : slicesAt(p));
      case ADOPTION -> "detecting stalled adoption";
      case HEALTH -> "scoring health, " + (p.slices == null ? "page " + (p.healthPages + 1) : slicesAt(p));
      case DONE -> "done";
    });
    if (p.runs > 1) {
      text.append(" (run ").append(p.runs).append(")");
    }
    if (p.rolledUp != null) {
      text.append("\n\n- rolled up: ").append(p.rolledUp.days() == 0 ? "nothing was due"
          : p.rolledUp.from() + " … " + p.rolledUp.to() + " (" + p.rolledUp.days() + " days, " + p.rolledUp.customers()
              + " customers)");
    }
    if (p.skipReason != null) {
      text.append("\n- not evaluated: ").append(p.skipReason);
    } else if (p.stage != SweepStage.ROLLING_UP) {
      long seen = p.evaluated + p.skipped.values().stream().mapToLong(Long::longValue).sum();
      text.append("\n- customers: ").append(seen).append(" of ").append(p.customers).append(" seen in ")
          .append(p.pages).append(p.pages == 1 ? " page" : " pages").append(", ").append(p.evaluated).append(" evaluated");
      p.skipped.forEach((reason, n) -> text.append(", ").append(n).append(" skipped (").append(reason).append(")"));
      text.append("\n- alerts: ").append(p.alerts).append(" found, ").append(p.started).append(" started, ")
          .append(p.suppressed).append(" suppressed (already running or cooling down)");
    }
    if (p.commonMode != null) {
      p.commonMode.forEach(day -> text.append("\n- common-mode day: ").append(day.message()));
    }
    if (p.stage == SweepStage.DONE || p.stage == SweepStage.HEALTH) {
      text.append("\n- adoption: ").append(p.adoptionEvaluated).append(" evaluated, ").append(p.adoptionStarted)
          .append(" enablements started, ").append(p.adoptionSuppressed).append(" suppressed");
    }
    if (p.stage == SweepStage.HEALTH || p.healthPages > 0) {
      text.append("\n- health: ").append(p.healthScored).append(" customers scored in ").append(p.healthPages)
          .append(p.healthPages == 1 ? " page" : " pages");
    }
    return text.toString();
  }

  /** The slices the current wave runs, e.g. "slices 5-8 of 20, 4 at a time". */
  private static String slicesAt(Progress p) {
    int from = p.nextSlice + 1;
    int to = Math.min(p.nextSlice + Math.max(1, p.slices.parallelism()), p.slices.count());
    return (from == to ? "slice " + from : "slices " + from + "-" + to) + " of " + p.slices.count() + ", "
        + p.slices.parallelism() + " at a time";
  }

  private static LocalDate yesterday() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
  }

  /** Sweeps started before the steps: one activity, exactly as it ran then. */
  private SweepState legacy() {
    LocalDate asOf = yesterday();
    Workflow.setCurrentDetails("Sweeping usage as of " + asOf);
    SweepSummary summary = Workflow.newActivityStub(SweepActivities.class,
            ActivityOptions.newBuilder(LEGACY_SWEEP).setSummary("Detect usage drops as of " + asOf).build())
        .sweep(asOf);
    return SweepState.ofLegacy(Workflow.getInfo().getWorkflowId(), summary);
  }

  /** The sweep's mutable progress; {@link #state()} is its record. */
  static final class Progress {
    String sweepId;
    LocalDate asOf;
    SweepStage stage;
    RolledUp rolledUp;
    long customers;
    String cursor;
    int pages;
    long evaluated;
    final Map<String, Long> skipped = new TreeMap<>();
    String skipReason;
    long alerts;
    int batches;
    long started;
    long suppressed;
    long adoptionEvaluated;
    long adoptionStarted;
    long adoptionSuppressed;
    int runs;
    Map<String, DayTally> tallies;
    List<CommonModeDay> commonMode;
    int healthPages;
    long healthScored;
    SweepSlices slices;
    int nextSlice;

    static Progress start(String sweepId, LocalDate asOf) {
      Progress p = new Progress();
      p.sweepId = sweepId;
      p.asOf = asOf;
      p.stage = SweepStage.ROLLING_UP;
      p.runs = 1;
      return p;
    }

    static Progress resume(SweepState s) {
      Progress p = new Progress();
      p.sweepId = s.sweepId();
      p.asOf = s.asOf();
      p.stage = s.stage();
      p.rolledUp = s.rolledUp();
      p.customers = s.customers();
      p.cursor = s.cursor();
      p.pages = s.pages();
      p.evaluated = s.evaluated();
      if (s.skipped() != null) {
        p.skipped.putAll(s.skipped());
      }
      p.skipReason = s.skipReason();
      p.alerts = s.alerts();
      p.batches = s.batches();
      p.started = s.started();
      p.suppressed = s.suppressed();
      p.adoptionEvaluated = s.adoptionEvaluated();
      p.adoptionStarted = s.adoptionStarted();
      p.adoptionSuppressed = s.adoptionSuppressed();
      p.runs = s.runs() + 1;
      p.tallies = s.tallies();
      p.commonMode = s.commonMode();
      p.healthPages = s.healthPages();
      p.healthScored = s.healthScored();
      p.slices = s.slices();
      p.nextSlice = s.nextSlice();
      return p;
    }

    SweepState state() {
      return new SweepState(sweepId, asOf, stage, rolledUp, customers, cursor, pages, evaluated, new TreeMap<>(skipped),
          skipReason, alerts, batches, started, suppressed, adoptionEvaluated, adoptionStarted, adoptionSuppressed, runs,
          tallies, commonMode, healthPages, healthScored, slices, nextSlice);
    }
  }
}
