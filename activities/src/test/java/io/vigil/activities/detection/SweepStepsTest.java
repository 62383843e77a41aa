package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.vigil.activities.adoption.AdoptionSweep;
import io.vigil.activities.health.HealthScorings;
import io.vigil.infra.persistence.AdoptionInterventions;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.AdoptionStalls;
import io.vigil.infra.persistence.CommonModeDayStore;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.SweepAlertStore;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageEventRow;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.CommonModeVerdict;
import io.vigil.workflows.sweep.DayTally;
import io.vigil.workflows.sweep.DetectedPage;
import io.vigil.workflows.sweep.DispatchedBatch;
import io.vigil.workflows.sweep.HealthPage;
import io.vigil.workflows.sweep.SweepActivities;
import io.vigil.workflows.sweep.SweepPlan;
import io.vigil.workflows.sweep.SweepSlices;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's steps as activities (Temporal's activity test environment, so heartbeats and their
 * details are real) over a real PostgreSQL, starting workflows on Temporal's test server: what is
 * rolled up, how pages count customers, and what a retried dispatch reports.
 */
class SweepStepsTest {
  /** A Wednesday; the drop begins on the Monday before. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final String SWEEP = "detection-sweep-test@run-1";
  private static TestDatabase db;
  private static UsageStore usage;

  private TestWorkflowEnvironment temporal;
  private TestActivityEnvironment activityEnv;
  private SweepActivities steps;
  private AlertDispatcher dispatcher;
  private SweepAlertStore alerts;
  private UsageDropSweep sweep;
  private DetectionCalendar calendar;

  @BeforeAll
  static void startDatabase() {
    db = new TestDatabase();
    usage = new UsageStore(new Sql(db.dataSource()));
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void setUp() {
    db.resetUsage("sweep_alerts", "common_mode_days");
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    customer("c-drop");
    customer("c-new");
    customer("c-steady");
    ingest("c-drop", AS_OF.minusDays(60), AS_OF, day -> day.isBefore(AS_OF.minusDays(2)) ? 20 : 4);
    ingest("c-steady", AS_OF.minusDays(60), AS_OF, day -> 20);

    temporal = TestWorkflowEnvironment.newInstance();
    for (var key : io.vigil.workflows.common.SearchAttributes.ALL) {
      temporal.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    WorkflowClient client = temporal.getWorkflowClient();
    Sql sql = new Sql(db.dataSource());
    TriggerRuleRepository rules = new DefaultRules();
    // region "na" follows the default country (US), "emea" GB
    calendar = new DetectionCalendar(List.of(), new CountryResolver("emea=GB", "US"), new PublicHolidays("all"),
        new CommonModeDayStore(sql));
    dispatcher = new AlertDispatcher(client);
    alerts = new SweepAlertStore(sql);
    UsageRollups rollups = new UsageRollups(usage, rules);
    sweep = new UsageDropSweep(usage, rollups, rules, calendar, dispatcher, ApprovalPolicy.DEFAULT,
        new CommonModeRule(10, 50), null, 3, 10, 1);
    AdoptionSweep adoption = new AdoptionSweep(new AdoptionRollups(sql, AdoptionRules.DEFAULT, new AdoptionInterventions(sql, AdoptionRules.DEFAULT)), new AdoptionStalls(sql), AdoptionRules.DEFAULT, calendar, dispatcher, client, Duration.ofHours(24),
        Duration.ofDays(7), "send");
    activityEnv = TestActivityEnvironment.newInstance();
    activityEnv.registerActivitiesImplementations(
        new SweepActivitiesImpl(usage, rollups, sweep, adoption, alerts, dispatcher, calendar, rules,
            new CommonModeRule(10, 50), null, HealthScorings.of(sql, 2), 10, 2));
    steps = activityEnv.newActivityStub(SweepActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).build());
  }

  @AfterEach
  void tearDown() {
    activityEnv.close();
    temporal.close();
  }

  @Test
  void givenPagesOfTwoCustomers_theHealthStepScoresEveryCustomerOnce_andLeavesTheOneWithoutDataUnscored() {
    steps.rollUp(AS_OF);

    HealthPage first = steps.scoreHealthPage(SWEEP, AS_OF, null);
    HealthPage second = steps.scoreHealthPage(SWEEP, AS_OF, first.lastCustomerId());

    assertThat(first).isEqualTo(new HealthPage("c-new", false, 2, 1));
    assertThat(second).isEqualTo(new HealthPage("c-steady", true, 1, 1));
    assertThat(db.query("SELECT customer_id || ':' || coalesce(band, '-') FROM customer_health WHERE as_of = '" + AS_OF
        + "' ORDER BY customer_id")).containsExactly("c-drop:yellow", "c-new:-", "c-steady:green");
    assertThat(db.query("SELECT id || ':' || health_score || ':' || coalesce(health_band, '-') FROM customers ORDER BY id"))
        .containsExactly("c-drop:65:yellow", "c-new:75:-", "c-steady:85:green");
  }

  @Test
  void givenEventsNeverRolledUp_theRollUpStepRollsUpTheWindow_andThenNothing() {
    SweepPlan plan = steps.rollUp(AS_OF);
    assertThat(plan.customers()).isEqualTo(3);
    assertThat(plan.skipReason()).isNull();
    // the window is 35 days; events from its 29 days before feed its wau and mau, and are rolled up from their first day
    assertThat(plan.rolledUp().from()).isEqualTo(AS_OF.minusDays(58));
    assertThat(plan.rolledUp().to()).isEqualTo(AS_OF);
    assertThat(plan.rolledUp().days()).isEqualTo(59);
    assertThat(plan.rolledUp().customers()).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM usage_dirty_days WHERE day <= '" + AS_OF + "'")).isZero();

    assertThat(steps.rollUp(AS_OF).rolledUp().days()).isZero();
  }

  @Test
  void givenEventsIngestedAfterTheirDayWasRolledUp_thatDayAndTheDaysAfterAreRolledUpAgain() {
    steps.rollUp(AS_OF);
    LocalDate late = AS_OF.minusDays(9);
    assertThat(dau("c-steady", late)).isEqualTo(20);
    usage.insertEvents(List.of(login("c-steady", "late-user", late)));

    SweepPlan plan = steps.rollUp(AS_OF);
    assertThat(plan.rolledUp().from()).isEqualTo(late);
    assertThat(plan.rolledUp().to()).isEqualTo(AS_OF);
    assertThat(plan.rolledUp().customers()).isEqualTo(1);
    assertThat(dau("c-steady", late)).isEqualTo(21);
    assertThat(count("SELECT wau FROM usage_metrics WHERE customer_id = 'c-steady' AND metric_date = '" + AS_OF + "'"))
        .as("the late user still counts in the 30-day figures after it").isEqualTo(20);
    assertThat(count("SELECT mau FROM usage_metrics WHERE customer_id = 'c-steady' AND metric_date = '" + AS_OF + "'"))
        .isEqualTo(21);
  }

  @Test
  void givenALateEventForADayBeforeRollupsThatAlreadyExist_theDayAfterTheEvaluatedOneStaysDue() {
    usage.rollUp(null, AS_OF.minusDays(40), AS_OF.plusDays(5));
    usage.insertEvents(List.of(login("c-steady", "late-user", AS_OF.minusDays(3))));

    steps.rollUp(AS_OF);
    assertThat(count("SELECT count(*) FROM usage_dirty_days WHERE customer_id = 'c-steady' AND day = '"
        + AS_OF.plusDays(1) + "'")).as("the rollups after the evaluated day count the late user too").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_dirty_days WHERE day <= '" + AS_OF + "'")).isZero();
  }

  @Test
  void givenPagesOfOneCustomer_everyCustomerIsEvaluatedOrSkippedOnce_andTheAlertIsStored() {
    steps.rollUp(AS_OF);
    List<DetectedPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      DetectedPage page = steps.detectPage(SWEEP, AS_OF, cursor);
      pages.add(page);
      cursor = page.lastCustomerId();
    } while (!pages.get(pages.size() - 1).last());

    assertThat(pages).extracting(DetectedPage::lastCustomerId).containsExactly("c-drop", "c-new", "c-steady", "c-steady");
    assertThat(pages.stream().mapToInt(DetectedPage::evaluated).sum()).isEqualTo(2);
    Map<String, Integer> skipped = new TreeMap<>();
    pages.forEach(p -> p.skipped().forEach((reason, n) -> skipped.merge(reason, n, Integer::sum)));
    assertThat(skipped).containsExactly(Map.entry("baselineTooSmall", 1));
    assertThat(pages.stream().mapToInt(DetectedPage::alerts).sum()).isEqualTo(1);
    assertThat(alerts.batch(SWEEP, null, 10)).singleElement()
        .satisfies(row -> assertThat(row.customerId()).isEqualTo("c-drop"));
  }

  @Test
  void givenPagesOfOneCustomer_theSlicesEndAtEveryPageButTheLast() {
    assertThat(steps.slices()).isEqualTo(new SweepSlices(List.of("c-drop", "c-new"), 2));
    customer("c-zz");
    assertThat(steps.slices().bounds()).containsExactly("c-drop", "c-new", "c-steady");
  }

  @Test
  void givenThreeSlices_eachDetectsOnlyItsOwnCustomers_andTogetherTheyCountEveryCustomerOnce() {
    steps.rollUp(AS_OF);

    DetectedPage first = steps.detectSlice(SWEEP, AS_OF, null, "c-drop");
    DetectedPage second = steps.detectSlice(SWEEP, AS_OF, "c-drop", "c-new");
    DetectedPage third = steps.detectSlice(SWEEP, AS_OF, "c-new", null);

    assertThat(List.of(first, second, third)).extracting(DetectedPage::customers).containsExactly(1, 1, 1);
    assertThat(List.of(first, second, third)).extracting(DetectedPage::alerts).containsExactly(1, 0, 0);
    assertThat(second.skipped()).containsExactly(Map.entry("baselineTooSmall", 1));
    assertThat(first.evaluated() + second.evaluated() + third.evaluated()).isEqualTo(2);
    assertThat(alerts.batch(SWEEP, null, 10)).singleElement()
        .satisfies(row -> assertThat(row.customerId()).isEqualTo("c-drop"));
  }

  @Test
  void givenASliceOfMorePagesThanOne_itDetectsItPageByPage_andAddsThemUp() {
    steps.rollUp(AS_OF);

    DetectedPage all = steps.detectSlice(SWEEP, AS_OF, null, null);

    assertThat(all.customers()).isEqualTo(3);
    assertThat(all.evaluated()).isEqualTo(2);
    assertThat(all.skipped()).containsExactly(Map.entry("baselineTooSmall", 1));
    assertThat(all.alerts()).isEqualTo(1);
    assertThat(all.lastCustomerId()).isEqualTo("c-steady");
  }

  @Test
  void givenTheDetailsOfAnEarlierAttempt_aRetriedSliceCarriesOnAfterTheLastReportedPage() {
    steps.rollUp(AS_OF);
    DetectedPage reported = new DetectedPage("c-new", false, 2, 1, Map.of("baselineTooSmall", 1), 1);
    activityEnv.setHeartbeatDetails(new SweepActivitiesImpl.DetectSliceProgress(null, "c-new", reported));

    DetectedPage slice = steps.detectSlice(SWEEP, AS_OF, null, null);

    assertThat(slice.customers()).as("c-steady only, added to what was reported").isEqualTo(3);
    assertThat(slice.evaluated()).isEqualTo(2);
    assertThat(slice.alerts()).isEqualTo(1);
    assertThat(alerts.batch(SWEEP, null, 10)).as("c-drop's page was not detected again").isEmpty();
  }

  @Test
  void givenSlices_eachDispatchesOnlyTheAlertsOfItsOwnCustomers() {
    steps.rollUp(AS_OF);
    steps.detectSlice(SWEEP, AS_OF, null, null);

    assertThat(steps.dispatchSlice(SWEEP, "c-drop", null)).isEqualTo(new DispatchedBatch("c-drop", true, 0, 0, 0));
    assertThat(steps.dispatchSlice(SWEEP, null, "c-drop")).isEqualTo(new DispatchedBatch("c-drop", true, 1, 1, 0));
    assertThat(alerts.batch(SWEEP, null, 1).get(0).outcome()).isEqualTo("started");
  }

  @Test
  void givenABatchOfAlerts_itsCheckInsStartSeveralAtOnce_eachOnce_andARetryStartsNoneAgain() {
    steps.rollUp(AS_OF);
    steps.detectSlice(SWEEP, AS_OF, null, null);
    // five more alerts like c-drop's, for customers a-1 .. a-5 (sorted before it)
    db.execute("INSERT INTO sweep_alerts (sweep_id, customer_id, as_of, alert) SELECT sweep_id, c, as_of,"
        + " jsonb_set(alert, '{customerId}', to_jsonb(c)) FROM sweep_alerts, unnest(ARRAY['a-1', 'a-2', 'a-3', 'a-4', 'a-5']) AS c"
        + " WHERE sweep_id = '" + SWEEP + "' AND customer_id = 'c-drop'");
    ConcurrentStarts counting = new ConcurrentStarts(temporal.getWorkflowClient());
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new SweepActivitiesImpl(usage, new UsageRollups(usage, new DefaultRules()),
          sweep, null, alerts, counting, calendar, new DefaultRules(), new CommonModeRule(10, 50), null, null, 10, 2));
      SweepActivities fourThreads = env.newActivityStub(SweepActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1)).build());

      assertThat(fourThreads.dispatchSlice(SWEEP, null, null)).isEqualTo(new DispatchedBatch("c-drop", true, 6, 6, 0));
      assertThat(counting.starts.get()).isEqualTo(6);
      assertThat(counting.mostAtOnce.get()).as("check-ins started at once").isBetween(2, 4);
      assertThat(db.query("SELECT count(DISTINCT run_id) FROM sweep_alerts WHERE sweep_id = '" + SWEEP
          + "' AND outcome = 'started'")).containsExactly("6");

      assertThat(fourThreads.dispatchSlice(SWEEP, null, null)).as("the same slice again, as a retry would")
          .isEqualTo(new DispatchedBatch("c-drop", true, 6, 6, 0));
      assertThat(counting.starts.get()).as("recorded outcomes start nothing").isEqualTo(6);
    } finally {
      env.close();
    }
  }

  /** A dispatcher that counts its check-in starts and how many were in flight at once. */
  private static final class ConcurrentStarts extends AlertDispatcher {
    final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger mostAtOnce = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** The first two starts wait (a while at most) for each other: one after another, they would not meet. */
    private final java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);

    ConcurrentStarts(WorkflowClient client) {
      super(client, 4);
    }

    @Override
    public Dispatch startCheckin(UsageDropAlert alert, String origin) {
      int now = inFlight.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        two.countDown();
        two.await(5, java.util.concurrent.TimeUnit.SECONDS);
        starts.incrementAndGet();
        return super.startCheckin(alert, origin);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @Test
  void givenAHealthSlice_itScoresItsOwnCustomersOnly() {
    steps.rollUp(AS_OF);

    HealthPage slice = steps.scoreHealthSlice(SWEEP, AS_OF, "c-drop", null);

    assertThat(slice).isEqualTo(new HealthPage("c-steady", true, 2, 1));
    assertThat(db.query("SELECT customer_id FROM customer_health WHERE as_of = '" + AS_OF + "' ORDER BY customer_id"))
        .containsExactly("c-new", "c-steady");
  }

  @Test
  void givenADispatchRetriedAfterItsStartWentThrough_itCountsTheAlertAsStarted_notAsSuppressed() {
    steps.rollUp(AS_OF);
    steps.detectPage(SWEEP, AS_OF, null);
    // the first attempt started the check-in, then its worker died before recording it
    UsageDropAlert alert = SweepActivitiesImpl.fromJson(alerts.batch(SWEEP, null, 1).get(0).alertJson());
    AlertDispatcher.Dispatch first = dispatcher.dispatch(alert, SWEEP);
    assertThat(first.started()).isTrue();

    DispatchedBatch retried = steps.dispatchBatch(SWEEP, null);

    assertThat(retried.started()).isEqualTo(1);
    assertThat(retried.suppressed()).isZero();
    assertThat(retried.last()).isTrue();
    assertThat(alerts.batch(SWEEP, null, 1).get(0))
        .satisfies(row -> {
          assertThat(row.outcome()).isEqualTo("started");
          assertThat(row.runId()).isEqualTo(first.runId());
        });
    assertThat(steps.dispatchBatch(SWEEP, null).started()).as("a recorded outcome is answered as recorded").isEqualTo(1);
  }

  @Test
  void givenACheckInStartedByAnotherRun_theAlertIsHandedToItAsSuppressed() {
    steps.rollUp(AS_OF);
    steps.detectPage(SWEEP, AS_OF, null);
    UsageDropAlert alert = SweepActivitiesImpl.fromJson(alerts.batch(SWEEP, null, 1).get(0).alertJson());
    dispatcher.dispatch(alert, "run/yesterday");

    DispatchedBatch batch = steps.dispatchBatch(SWEEP, null);

    assertThat(batch.started()).isZero();
    assertThat(batch.suppressed()).isEqualTo(1);
    assertThat(alerts.batch(SWEEP, null, 1).get(0).outcome()).isEqualTo("suppressed");
    var description = WorkflowStub.fromTyped(temporal.getWorkflowClient()
        .newWorkflowStub(io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow.class, io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow.workflowId("c-drop")))
        .describe();
    assertThat(description.getMemo(PlaybookStarts.ORIGIN_MEMO, String.class)).isEqualTo("run/yesterday");
  }

  @Test
  void givenTheDetailsOfAnEarlierAttempt_aRetriedBatchCarriesOnAfterTheLastReportedAlert() {
    db.execute("INSERT INTO sweep_alerts (sweep_id, customer_id, as_of, alert) SELECT '" + SWEEP + "', c, '" + AS_OF
        + "', '{}' FROM unnest(ARRAY['a-1', 'a-2']) AS c");
    steps.rollUp(AS_OF);
    steps.detectPage(SWEEP, AS_OF, null);
    // the earlier attempt reported a-1 and a-2 as started (their rows hold no alert this attempt could dispatch)
    activityEnv.setHeartbeatDetails(new SweepActivitiesImpl.DispatchProgress(null, "a-2", 2, 2, 0));

    DispatchedBatch batch = steps.dispatchBatch(SWEEP, null);

    assertThat(batch.alerts()).isEqualTo(3);
    assertThat(batch.started()).isEqualTo(3);
    assertThat(batch.lastCustomerId()).isEqualTo("c-drop");
  }

  @Test
  void givenADetectedPageWhoseCompletionWasLost_theRetryAnswersTheStoredPage() {
    DetectedPage stored = new DetectedPage("c-new", false, 2, 1, Map.of("baselineTooSmall", 1), 1);
    activityEnv.setHeartbeatDetails(new SweepActivitiesImpl.DetectProgress(null, stored));
    assertThat(steps.detectPage(SWEEP, AS_OF, null)).isEqualTo(stored);
  }

  @Test
  void givenThanksgiving_usCustomersAreNotEvaluated_whileGbCustomersAreAndTheirDropAlerts() {
    LocalDate thanksgiving = LocalDate.of(2026, 11, 26);
    customer("us-1", "na");
    customer("gb-1", "emea");
    // 200 users a day until both lose four in five on the Monday before: a drop no noise explains
    LocalDate monday = LocalDate.of(2026, 11, 23);
    ingest("us-1", thanksgiving.minusDays(60), thanksgiving, day -> day.isBefore(monday) ? 200 : 40);
    ingest("gb-1", thanksgiving.minusDays(60), thanksgiving, day -> day.isBefore(monday) ? 200 : 40);

    SweepPlan plan = steps.rollUp(thanksgiving);
    assertThat(plan.skipReason()).as("the day is evaluated, for those whose country works").isNull();
    List<DetectedPage> pages = detectAll(thanksgiving);

    assertThat(skipped(pages)).containsExactly(Map.entry("holiday", 4));
    assertThat(pages.stream().mapToInt(DetectedPage::evaluated).sum()).isEqualTo(1);
    assertThat(alerts.batch(SWEEP, null, 10)).extracting(SweepAlertStore.SweepAlertRow::customerId).containsExactly("gb-1");
    assertThat(tallies(pages)).containsExactly(Map.entry("country:GB", new DayTally(1, 1)),
        Map.entry(DayTally.PORTFOLIO, new DayTally(1, 1)));
  }

  @Test
  void givenAUsHolidayInTheBaseline_itIsLeftOutOfTheUsCustomersBaselineOnly() {
    // Veterans Day, 2026-11-11, a Wednesday like AS_OF: nobody works at us-1 or gb-1 that day. The
    // other baseline Wednesdays differ (18, 20, 22 users), so the trimmed mean shows which weeks it kept.
    customer("us-1", "na");
    customer("gb-1", "emea");
    LocalDate veteransDay = LocalDate.of(2026, 11, 11);
    Map<LocalDate, Integer> wednesdays = Map.of(LocalDate.of(2026, 10, 21), 18, LocalDate.of(2026, 11, 4), 22, veteransDay, 0);
    ingest("us-1", AS_OF.minusDays(60), AS_OF, day -> wednesdays.getOrDefault(day, 20));
    ingest("gb-1", AS_OF.minusDays(60), AS_OF, day -> wednesdays.getOrDefault(day, 20));
    steps.rollUp(AS_OF);
    TriggerRule dau = new DefaultRules().findEnabled("usage_drop").get(0);

    assertThat(sweep.measure(AS_OF, "us-1", dau)).singleElement()
        .satisfies(d -> assertThat(d.baselineValue()).as("the median of three working Wednesdays, 18, 20, 22").isEqualTo(20.0));
    assertThat(sweep.measure(AS_OF, "gb-1", dau)).singleElement()
        .satisfies(d -> assertThat(d.baselineValue())
            .as("a working day in GB with nobody at work: 0, 18, 20, 22 without the highest and lowest").isEqualTo(19.0));
  }

  @Test
  void givenMostOfThePortfolioDroppingTheSameDay_itIsACommonModeDay_andNoAlertIsDispatched() {
    for (int i = 1; i <= 12; i++) {
      String id = "cm-%02d".formatted(i);
      customer(id, "emea");
      ingest(id, AS_OF.minusDays(60), AS_OF, day -> day.isBefore(AS_OF.minusDays(2)) ? 20 : 4);
    }
    steps.rollUp(AS_OF);
    List<DetectedPage> pages = detectAll(AS_OF);
    // the twelve, c-drop and c-steady evaluated; all but c-steady dropped
    assertThat(tallies(pages)).containsEntry(DayTally.PORTFOLIO, new DayTally(14, 13))
        .containsEntry("country:GB", new DayTally(12, 12)).containsEntry("country:US", new DayTally(2, 1));
    assertThat(pages.stream().mapToInt(DetectedPage::alerts).sum()).isEqualTo(13);

    CommonModeVerdict verdict = steps.judgeCommonMode(SWEEP, AS_OF, tallies(pages));

    assertThat(verdict.days()).as("the portfolio alone: it holds the GB customers too")
        .extracting(CommonModeDay::group).containsExactly(DayTally.PORTFOLIO);
    assertThat(verdict.days().get(0).message()).startsWith("93% of customers dropped on 2026-11-18 (13 of 14): holiday or data gap?");
    assertThat(verdict.customersHeld()).isEqualTo(14);
    assertThat(verdict.alertsHeld()).isEqualTo(13);
    assertThat(steps.judgeCommonMode(SWEEP, AS_OF, tallies(pages))).as("judged again, as a retry would").isEqualTo(verdict);
    DispatchedBatch batch = steps.dispatchBatch(SWEEP, null);
    assertThat(batch.alerts()).isZero();
    assertThat(batch.started()).isZero();
    assertThatThrownBy(() -> temporal.getWorkflowClient().newUntypedWorkflowStub(io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow.workflowId("cm-01")).describe())
        .as("no check-in was started").isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
  }

  @Test
  void givenOneCountryDroppingTheSameDay_onlyItsCustomersAreHeld() {
    for (int i = 1; i <= 12; i++) {
      String id = "cm-%02d".formatted(i);
      customer(id, "emea");
      ingest(id, AS_OF.minusDays(60), AS_OF, day -> day.isBefore(AS_OF.minusDays(2)) ? 20 : 4);
    }
    for (int i = 1; i <= 14; i++) {
      String id = "us-%02d".formatted(i);
      customer(id, "na");
      ingest(id, AS_OF.minusDays(60), AS_OF, day -> 20);
    }
    steps.rollUp(AS_OF);
    List<DetectedPage> pages = detectAll(AS_OF);

    CommonModeVerdict verdict = steps.judgeCommonMode(SWEEP, AS_OF, tallies(pages));

    // 13 of 28 dropped in the portfolio (46%): below the share; all 12 GB customers: common-mode for GB
    assertThat(verdict.days()).extracting(CommonModeDay::group).containsExactly("country:GB");
    assertThat(verdict.customersHeld()).isEqualTo(12);
    assertThat(verdict.alertsHeld()).isEqualTo(12);
    DispatchedBatch batch = steps.dispatchBatch(SWEEP, null);
    assertThat(batch.started()).as("c-drop, a US customer, is alerted as usual").isEqualTo(1);
    assertThat(batch.lastCustomerId()).isEqualTo("c-drop");
  }

  @Test
  void givenTwoOfAThreeCustomerPortfolioDroppingTheSameDay_bothAreAlertedAsUsual() {
    customer("c-drop2", "na");
    ingest("c-drop2", AS_OF.minusDays(60), AS_OF, day -> day.isBefore(AS_OF.minusDays(2)) ? 20 : 4);
    steps.rollUp(AS_OF);
    List<DetectedPage> pages = detectAll(AS_OF);
    assertThat(tallies(pages)).containsEntry(DayTally.PORTFOLIO, new DayTally(3, 2));

    assertThat(steps.judgeCommonMode(SWEEP, AS_OF, tallies(pages))).isEqualTo(CommonModeVerdict.NONE);
    assertThat(steps.dispatchBatch(SWEEP, null).started()).isEqualTo(2);
    assertThat(db.query("SELECT day FROM common_mode_days")).as("nothing remembered: the drop is theirs").isEmpty();
    assertThat(calendar.window(usage.places(CustomerScope.all()).values(), AS_OF.minusDays(34), AS_OF.plusDays(1))
        .days().everyone()).doesNotContain(AS_OF);
  }

  @Test
  void givenACommonModeDay_itIsRememberedOnce_andTheWeekAfterCountsItAsADayOffLikeAHoliday() {
    LocalDate thursday = LocalDate.of(2026, 11, 12);
    LocalDate tuesday = LocalDate.of(2026, 11, 17);
    for (int i = 1; i <= 12; i++) {
      // 20 users a day, each using exports once; on the Thursday 2 of them: a day nobody worked
      ingestWithFeature("cm-%02d".formatted(i), "emea", AS_OF.minusDays(60), AS_OF, day -> day.equals(thursday) ? 2 : 20);
    }
    steps.rollUp(thursday);
    CommonModeVerdict verdict = steps.judgeCommonMode(SWEEP, thursday, tallies(detectAll(thursday)));
    assertThat(verdict.days()).extracting(CommonModeDay::group).containsExactly(DayTally.PORTFOLIO);
    steps.judgeCommonMode(SWEEP, thursday, tallies(detectAll(thursday)));
    assertThat(db.query("SELECT day || ' ' || group_name FROM common_mode_days"))
        .as("judged twice, as a retried step would, remembered once").containsExactly("2026-11-12 portfolio");

    steps.rollUp(tuesday);
    TriggerRule features = rule("feature_usage");
    // the week Wednesday to Tuesday: 20 + 2 + 20 + 20 + 20 = 82 uses over 4 open business days, so
    // 102.5 per 5 against a usual 100; counted as an ordinary Thursday it would be an 18% drop
    assertThat(sweep.measure(tuesday, "cm-01", features)).singleElement()
        .satisfies(d -> assertThat(d.currentValue()).isEqualTo(102.5))
        .satisfies(d -> assertThat(d.percentDrop()).isEqualTo(-2.5));
    assertThat(sweep.measure(tuesday, "cm-01", rule("login_frequency"))).singleElement()
        .satisfies(d -> assertThat(d.percentDrop()).isEqualTo(-2.5));
  }

  @Test
  void givenACommonModeDayWhoseEventsArriveLate_evaluatingItAgainForgetsIt_andTheWeekAfterCountsItAgain() {
    LocalDate thursday = LocalDate.of(2026, 11, 12);
    LocalDate tuesday = LocalDate.of(2026, 11, 17);
    for (int i = 1; i <= 12; i++) {
      ingestWithFeature("cm-%02d".formatted(i), "emea", AS_OF.minusDays(60), AS_OF, day -> day.equals(thursday) ? 2 : 20);
    }
    assertThat(sweep.run(thursday, null).commonMode()).extracting(CommonModeDay::group).containsExactly(DayTally.PORTFOLIO);
    assertThat(db.query("SELECT day FROM common_mode_days")).containsExactly("2026-11-12");
    assertThat(sweep.run(thursday, "cm-01").commonMode()).isEmpty();
    assertThat(db.query("SELECT day FROM common_mode_days")).as("one customer's run cannot tell: kept").containsExactly("2026-11-12");

    // the Thursday's other events arrive: 18 more users, each with a use of exports, but only 10 of them
    for (int i = 1; i <= 12; i++) {
      String id = "cm-%02d".formatted(i);
      List<UsageEventRow> late = new ArrayList<>();
      for (int u = 2; u < 12; u++) {
        late.add(login(id, "user-" + u, thursday));
        late.add(featureUse(id, "user-" + u, thursday));
      }
      usage.insertEvents(late);
    }
    // what an operator does once the data is in: POST /api/v1/detections/run for the day
    assertThat(sweep.run(thursday, null).commonMode()).as("12 of 20 is a 40% drop: still one for 12 of 14 customers")
        .isNotEmpty();
    for (int i = 1; i <= 12; i++) {
      String id = "cm-%02d".formatted(i);
      List<UsageEventRow> late = new ArrayList<>();
      for (int u = 12; u < 20; u++) {
        late.add(login(id, "user-" + u, thursday));
        late.add(featureUse(id, "user-" + u, thursday));
      }
      usage.insertEvents(late);
    }
    assertThat(sweep.run(thursday, null).commonMode()).isEmpty();

    assertThat(db.query("SELECT day FROM common_mode_days")).as("no longer common-mode: forgotten").isEmpty();
    steps.rollUp(tuesday);
    assertThat(sweep.measure(tuesday, "cm-01", rule("feature_usage"))).singleElement()
        .satisfies(d -> assertThat(d.currentValue()).as("five business days of 20 uses").isEqualTo(100.0));
  }

  @Test
  void givenOneCountrysCommonModeDay_itIsADayOffForThatCountrysCustomersOnly() {
    for (int i = 1; i <= 12; i++) {
      String id = "cm-%02d".formatted(i);
      customer(id, "emea");
      ingest(id, AS_OF.minusDays(60), AS_OF, day -> day.isBefore(AS_OF.minusDays(2)) ? 20 : 4);
    }
    for (int i = 1; i <= 14; i++) {
      String id = "us-%02d".formatted(i);
      customer(id, "na");
      ingest(id, AS_OF.minusDays(60), AS_OF, day -> 20);
    }
    steps.rollUp(AS_OF);
    steps.judgeCommonMode(SWEEP, AS_OF, tallies(detectAll(AS_OF)));
    assertThat(db.query("SELECT day || ' ' || group_name FROM common_mode_days")).containsExactly("2026-11-18 country:GB");

    LocalDate nextWeek = AS_OF.plusDays(7);
    var window = calendar.window(usage.places(CustomerScope.all()).values(), nextWeek.minusDays(34), nextWeek).days();
    List<String> offOnTheDay = new ArrayList<>();
    for (int i = 0; i < window.days().size(); i++) {
      if (window.days().get(i).equals(AS_OF)) {
        offOnTheDay.add(window.customerIds().get(i));
      }
    }
    assertThat(window.everyone()).doesNotContain(AS_OF);
    assertThat(offOnTheDay).hasSize(12).allMatch(id -> id.startsWith("cm-"));
    assertThat(calendar.window(usage.places(CustomerScope.all()).values(), AS_OF.minusDays(34), AS_OF).days().days())
        .as("the day itself is judged afresh when evaluated again").doesNotContain(AS_OF);
  }

  @Test
  void givenASaturday_theRollUpStepSaysTheDayIsNotEvaluated() {
    SweepPlan plan = steps.rollUp(LocalDate.of(2026, 11, 14));
    assertThat(plan.skipKind()).isEqualTo("weekend");
    assertThat(plan.skipReason()).contains("Saturday");
  }

  // --- helpers -------------------------------------------------------------------------------

  private List<DetectedPage> detectAll(LocalDate asOf) {
    List<DetectedPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      DetectedPage page = steps.detectPage(SWEEP, asOf, cursor);
      pages.add(page);
      cursor = page.lastCustomerId();
    } while (!pages.get(pages.size() - 1).last());
    return pages;
  }

  private static Map<String, Integer> skipped(List<DetectedPage> pages) {
    Map<String, Integer> skipped = new TreeMap<>();
    pages.forEach(p -> p.skipped().forEach((reason, n) -> skipped.merge(reason, n, Integer::sum)));
    return skipped;
  }

  private static Map<String, DayTally> tallies(List<DetectedPage> pages) {
    Map<String, DayTally> sum = new TreeMap<>();
    for (DetectedPage page : pages) {
      sum = DayTally.sum(sum, page.tallies());
    }
    return sum;
  }

  private static void customer(String id) {
    customer(id, "na");
  }

  private static void customer(String id, String region) {
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
        + id + "', '" + id + "', 100000, 'smb', '" + region + "', 'sarah', 'Jo', 'jo@example.com')");
  }

  /** Logins on weekdays from {@code from} to {@code to}: {@code users} of them each day. */
  private static void ingest(String customer, LocalDate from, LocalDate to, java.util.function.Function<LocalDate, Integer> users) {
    List<UsageEventRow> events = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      for (int u = 0; u < users.apply(day); u++) {
        events.add(login(customer, "user-" + u, day));
      }
    }
    usage.insertEvents(events);
  }

  /** A customer of {@code region} whose users each log in and use exports once on weekdays. */
  private static void ingestWithFeature(String customer, String region, LocalDate from, LocalDate to,
      java.util.function.Function<LocalDate, Integer> users) {
    customer(customer, region);
    List<UsageEventRow> events = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      for (int u = 0; u < users.apply(day); u++) {
        events.add(login(customer, "user-" + u, day));
        events.add(featureUse(customer, "user-" + u, day));
      }
    }
    usage.insertEvents(events);
  }

  private static UsageEventRow featureUse(String customer, String user, LocalDate day) {
    Instant at = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
    return new UsageEventRow(customer + "-" + user + "-" + day + "-exports", customer, user, "feature_used", "exports", at);
  }

  private static TriggerRule rule(String metric) {
    return new DefaultRules().findEnabled("usage_drop").stream().filter(r -> r.metricType().equals(metric)).findFirst()
        .orElseThrow();
  }

  private static UsageEventRow login(String customer, String user, LocalDate day) {
    Instant at = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
    return new UsageEventRow(customer + "-" + user + "-" + day, customer, user, "login", null, at);
  }

  private static long dau(String customer, LocalDate day) {
    return count("SELECT dau FROM usage_metrics WHERE customer_id = '" + customer + "' AND metric_date = '" + day + "'");
  }

  private static long count(String sql) {
    try (var c = db.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
