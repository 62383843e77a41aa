package io.vigil.activities.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.temporal.activity.Activity;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.vigil.activities.adoption.AdoptionSweep;
import io.vigil.activities.common.Heartbeat;
import io.vigil.activities.health.HealthScoring;
import io.vigil.infra.persistence.CustomerPlace;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.SweepAlertStore;
import io.vigil.infra.persistence.SweepAlertStore.SweepAlertRow;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.sweep.AdoptionSwept;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.CommonModeVerdict;
import io.vigil.workflows.sweep.DayTally;
import io.vigil.workflows.sweep.DetectedPage;
import io.vigil.workflows.sweep.DispatchedBatch;
import io.vigil.workflows.sweep.HealthPage;
import io.vigil.workflows.sweep.RolledUp;
import io.vigil.workflows.sweep.SweepActivities;
import io.vigil.workflows.sweep.SweepPlan;
import io.vigil.workflows.sweep.SweepSlices;
import io.vigil.workflows.sweep.SweepSummary;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The detection sweep's steps. Each heartbeats its progress and a retry resumes from the last
 * heartbeat: the roll-up re-plans (what it finished is no longer due) and adds up; a page whose
 * alerts were stored answers as stored; a dispatch batch carries on after the last alert it
 * reported, and an alert whose outcome is recorded, or whose workflow this sweep started (the
 * memo says so), is counted as it happened, never as suppressed by its own workflow.
 *
 * <p>A dispatch batch starts its check-ins several at once ({@link AlertDispatcher#startCheckins});
 * the batch's outcomes (and a churn-risk escalation's read of the customer) are recorded afterwards
 * on the activity's own thread, so the activity still holds one database connection at a time
 * (docs/operations.md, "Pools").
 */
@Singleton
public class SweepActivitiesImpl implements SweepActivities {
  /** Alerts of finished sweeps are kept this long for inspection, then pruned by the next roll-up. */
  static final Duration KEEP_ALERTS = Duration.ofDays(30);
  private static final ObjectMapper JSON = JacksonJsonPayloadConverter.newDefaultObjectMapper();

  private final UsageStore usage;
  private final UsageRollups rollups;
  private final UsageDropSweep sweep;
  private final AdoptionSweep adoption;
  private final SweepAlertStore alerts;
  private final AlertDispatcher dispatcher;
  private final DetectionCalendar calendar;
  private final TriggerRuleRepository triggers;
  private final CommonModeRule commonMode;
  private final CommonModeNotice notice;
  private final HealthScoring health;
  private final int batchSize;
  private final int parallelSlices;

  public SweepActivitiesImpl(UsageStore usage, UsageRollups rollups, UsageDropSweep sweep, AdoptionSweep adoption,
      SweepAlertStore alerts, AlertDispatcher dispatcher, DetectionCalendar calendar, TriggerRuleRepository triggers,
      CommonModeRule commonMode, CommonModeNotice notice, HealthScoring health,
      @Value("${vigil.detection.dispatch-batch-size:100}") int batchSize,
      @Value("${vigil.detection.parallel-slices:4}") int parallelSlices) {
    if (parallelSlices < 1) {
      throw new IllegalArgumentException("vigil.detection.parallel-slices (VIGIL_DETECTION_PARALLEL_SLICES) must be "
          + "at least 1, not " + parallelSlices);
    }
    this.parallelSlices = parallelSlices;
    this.usage = usage;
    this.rollups = rollups;
    this.sweep = sweep;
    this.adoption = adoption;
    this.alerts = alerts;
    this.dispatcher = dispatcher;
    this.calendar = calendar;
    this.triggers = triggers;
    this.commonMode = commonMode;
    this.notice = notice;
    this.health = health;
    this.batchSize = batchSize;
  }

  /** What a roll-up attempt reported: the days rolled up so far. */
  public record RollUpProgress(RolledUp rolledUp) {}

  /** What a detection attempt reported: the page once its alerts were stored. */
  public record DetectProgress(String afterCustomerId, DetectedPage page) {}

  /** What a dispatch attempt reported: the last alert handled, how many so far, and what they came to. */
  public record DispatchProgress(String afterCustomerId, String cursor, int handled, int started, int suppressed) {}

  /** What a slice's detection reported: the slice's customers done so far (through {@code cursor}) and their counts. */
  public record DetectSliceProgress(String afterCustomerId, String cursor, DetectedPage done) {}

  /** What a slice's health scoring reported: the customers scored so far (through {@code cursor}). */
  public record HealthSliceProgress(String afterCustomerId, String cursor, int pages, int customers, int scored) {}

  @Override
  public SweepSummary sweep(LocalDate asOf) {
    usage.rollUp(null, asOf.minusDays(1), asOf);
    adoption.rollUp(null, asOf.minusDays(1), asOf);
    UsageDropSweep.Result result = sweep.run(asOf, null);
    int started = (int) result.signals().stream().filter(s -> !s.suppressed()).count();
    AdoptionSweep.Result adopted = adoption.run(asOf, null);
    int adoptionStarted = (int) adopted.alerts().stream().filter(a -> !a.suppressed()).count();
    return new SweepSummary(asOf, result.evaluated(), started, result.signals().size() - started, result.skipReason(),
        adoptionStarted, adopted.alerts().size() - adoptionStarted);
  }

  @Override
  public SweepPlan rollUp(LocalDate asOf) {
    RolledUp before = Heartbeat.previous(RollUpProgress.class).map(RollUpProgress::rolledUp).orElse(RolledUp.NOTHING);
    try (Heartbeat heartbeat = Heartbeat.start(new RollUpProgress(before))) {
      UsageRollups.Rolled rolled = rollups.rollUpFor(asOf, CustomerScope.all(),
          done -> heartbeat.progress(new RollUpProgress(before.plus(done))));
      adoption.rollUp(null, asOf.minusDays(1), asOf);
      alerts.prune(KEEP_ALERTS);
      var skip = calendar.skip(asOf);
      return new SweepPlan(before.plus(rolled.rolledUp()), rolled.customersInScope(),
          skip.map(DetectionCalendar.Skip::kind).orElse(null), skip.map(DetectionCalendar.Skip::reason).orElse(null));
    }
  }

  @Override
  public DetectedPage detectPage(String sweepId, LocalDate asOf, String afterCustomerId) {
    var previous = Heartbeat.previous(DetectProgress.class);
    if (previous.isPresent() && previous.get().page() != null && same(previous.get().afterCustomerId(), afterCustomerId)) {
      return previous.get().page();
    }
    try (Heartbeat heartbeat = Heartbeat.start(new DetectProgress(afterCustomerId, null))) {
      DetectedPage page = detectNext(sweepId, asOf, afterCustomerId, null, triggers.findEnabled("usage_drop"));
      heartbeat.progress(new DetectProgress(afterCustomerId, page));
      return page;
    }
  }

  @Override
  public SweepSlices slices() {
    return new SweepSlices(usage.sliceBounds(sweep.pageSize()), parallelSlices);
  }

  @Override
  public DetectedPage detectSlice(String sweepId, LocalDate asOf, String afterCustomerId, String throughCustomerId) {
    DetectSliceProgress progress = Heartbeat.previous(DetectSliceProgress.class)
        .filter(p -> same(p.afterCustomerId(), afterCustomerId))
        .orElse(new DetectSliceProgress(afterCustomerId, afterCustomerId,
            new DetectedPage(afterCustomerId, false, 0, 0, Map.of(), 0, Map.of())));
    var rules = triggers.findEnabled("usage_drop");
    try (Heartbeat heartbeat = Heartbeat.start(progress)) {
      while (true) {
        DetectedPage page = detectNext(sweepId, asOf, progress.cursor(), throughCustomerId, rules);
        if (page.customers() == 0) {
          return progress.done();
        }
        progress = new DetectSliceProgress(afterCustomerId, page.lastCustomerId(), progress.done().plus(page));
        heartbeat.progress(progress);
        if (page.last()) {
          return progress.done();
        }
      }
    }
  }

  /**
   * Detects the page of customers after {@code cursor} (up to {@code throughCustomerId}, null: to the
   * last) and stores its alerts; past the last customer, an empty page that is the last.
   */
  private DetectedPage detectNext(String sweepId, LocalDate asOf, String cursor, String throughCustomerId,
      List<TriggerRule> rules) {
    int pageSize = sweep.pageSize();
    List<String> ids = usage.customerIdsBetween(cursor, throughCustomerId, pageSize);
    if (ids.isEmpty()) {
      return new DetectedPage(cursor, true, 0, 0, Map.of(), 0);
    }
    String upTo = ids.get(ids.size() - 1);
    UsageDropSweep.Detection detection = sweep.detect(asOf, CustomerScope.range(cursor, upTo), ids.size(), rules);
    alerts.save(sweepId, asOf, detection.alerts().stream()
        .map(a -> new SweepAlertRow(a.customerId(), toJson(a), null, null, null)).toList());
    return new DetectedPage(upTo, ids.size() < pageSize, ids.size(), detection.evaluated(), detection.skipped(),
        detection.alerts().size(), detection.tallies());
  }

  @Override
  public DispatchedBatch dispatchSlice(String sweepId, String afterCustomerId, String throughCustomerId) {
    DispatchProgress progress = Heartbeat.previous(DispatchProgress.class)
        .filter(p -> same(p.afterCustomerId(), afterCustomerId))
        .orElse(new DispatchProgress(afterCustomerId, afterCustomerId, 0, 0, 0));
    try (Heartbeat heartbeat = Heartbeat.start(progress)) {
      while (true) {
        List<SweepAlertRow> rows = alerts.batch(sweepId, progress.cursor(), throughCustomerId, batchSize);
        if (!rows.isEmpty()) {
          progress = dispatch(sweepId, rows, progress);
          heartbeat.progress(progress);
        }
        if (rows.size() < batchSize) {
          return new DispatchedBatch(progress.cursor(), true, progress.handled(), progress.started(),
              progress.suppressed());
        }
      }
    }
  }

  @Override
  public HealthPage scoreHealthSlice(String sweepId, LocalDate asOf, String afterCustomerId, String throughCustomerId) {
    HealthSliceProgress progress = Heartbeat.previous(HealthSliceProgress.class)
        .filter(p -> same(p.afterCustomerId(), afterCustomerId))
        .orElse(new HealthSliceProgress(afterCustomerId, afterCustomerId, 0, 0, 0));
    try (Heartbeat heartbeat = Heartbeat.start(progress)) {
      while (true) {
        HealthScoring.Page page = health.scorePage(asOf, progress.cursor(), throughCustomerId);
        progress = new HealthSliceProgress(afterCustomerId, page.lastCustomerId(), progress.pages() + 1,
            progress.customers() + page.customers(), progress.scored() + page.scored());
        heartbeat.progress(progress);
        if (page.last()) {
          return new HealthPage(progress.cursor(), true, progress.customers(), progress.scored());
        }
      }
    }
  }

  @Override
  public CommonModeVerdict judgeCommonMode(String sweepId, LocalDate asOf, Map<String, DayTally> tallies) {
    List<CommonModeDay> days = commonMode.judge(asOf, tallies);
    calendar.rememberCommonMode(asOf, days);
    if (days.isEmpty()) {
      return CommonModeVerdict.NONE;
    }
    List<String> held = null;
    if (!CommonModeRule.holds(days, null)) {
      held = usage.places(CustomerScope.ids(alerts.undispatchedCustomerIds(sweepId))).values().stream()
          .filter(place -> CommonModeRule.holds(days, calendar.countryOf(place).orElse(null)))
          .map(CustomerPlace::customerId)
          .toList();
    }
    return new CommonModeVerdict(days, CommonModeRule.customersHeld(days), alerts.hold(sweepId, held));
  }

  @Override
  public void tellOperators(List<CommonModeDay> days) {
    try (Heartbeat ignored = Heartbeat.start("telling operators of " + days.size() + " common-mode day(s)")) {
      notice.tell(days, Activity.getExecutionContext().getInfo().getWorkflowId());
    }
  }

  @Override
  public DispatchedBatch dispatchBatch(String sweepId, String afterCustomerId) {
    DispatchProgress progress = Heartbeat.previous(DispatchProgress.class)
        .filter(p -> same(p.afterCustomerId(), afterCustomerId))
        .orElse(new DispatchProgress(afterCustomerId, afterCustomerId, 0, 0, 0));
    try (Heartbeat heartbeat = Heartbeat.start(progress)) {
      List<SweepAlertRow> rows = alerts.batch(sweepId, progress.cursor(), batchSize - progress.handled());
      if (!rows.isEmpty()) {
        progress = dispatch(sweepId, rows, progress);
        heartbeat.progress(progress);
      }
      return new DispatchedBatch(progress.cursor(), progress.handled() < batchSize, progress.handled(),
          progress.started(), progress.suppressed());
    }
  }

  @Override
  public AdoptionSwept sweepAdoption(String sweepId, LocalDate asOf) {
    try (Heartbeat ignored = Heartbeat.start("adoption as of " + asOf)) {
      AdoptionSweep.Result adopted = adoption.run(asOf, null, sweepId);
      int started = (int) adopted.alerts().stream().filter(a -> !a.suppressed()).count();
      return new AdoptionSwept(adopted.evaluated(), started, adopted.alerts().size() - started, adopted.skipped());
    }
  }

  @Override
  public HealthPage scoreHealthPage(String sweepId, LocalDate asOf, String afterCustomerId) {
    try (Heartbeat ignored = Heartbeat.start("health as of " + asOf + " after " + afterCustomerId)) {
      HealthScoring.Page page = health.scorePage(asOf, afterCustomerId);
      return new HealthPage(page.lastCustomerId(), page.last(), page.customers(), page.scored());
    }
  }

  /**
   * Starts or signals the check-ins of a batch of stored alerts (in customer order) whose outcome is
   * not yet recorded, several at once, then records each outcome and counts the batch; the progress
   * moves past the batch only once all of it is recorded. A retry after a failure part-way starts
   * the batch again: what was recorded is counted as recorded, what was started but not recorded is
   * found by its memo ({@link AlertDispatcher#startOrSignal}), so each alert still starts once.
   */
  private DispatchProgress dispatch(String sweepId, List<SweepAlertRow> rows, DispatchProgress progress) {
    List<SweepAlertRow> undispatched = rows.stream().filter(row -> row.outcome() == null).toList();
    List<UsageDropAlert> toStart = undispatched.stream().map(row -> fromJson(row.alertJson())).toList();
    List<AlertDispatcher.Dispatch> dispatched = dispatcher.startCheckins(toStart, sweepId);
    // recorded before (by an attempt that failed later) or now: recordOutcome answers what is stored
    int started = (int) rows.stream().filter(row -> "started".equals(row.outcome())).count();
    for (int i = 0; i < undispatched.size(); i++) {
      AlertDispatcher.Dispatch dispatch = dispatched.get(i);
      dispatcher.escalateIfChurnRisk(toStart.get(i));
      String outcome = alerts.recordOutcome(sweepId, undispatched.get(i).customerId(),
          dispatch.started() ? "started" : "suppressed", dispatch.workflowId(), dispatch.runId());
      started += "started".equals(outcome) ? 1 : 0;
    }
    return new DispatchProgress(progress.afterCustomerId(), rows.get(rows.size() - 1).customerId(),
        progress.handled() + rows.size(), progress.started() + started,
        progress.suppressed() + rows.size() - started);
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  static String toJson(UsageDropAlert alert) {
    try {
      return JSON.writeValueAsString(alert);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store the alert of " + alert.customerId(), e);
    }
  }

  static UsageDropAlert fromJson(String json) {
    try {
      return JSON.readValue(json, UsageDropAlert.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot read a stored alert: " + json, e);
    }
  }
}
