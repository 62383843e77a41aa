package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detectors end to end below the application: rollups in a real PostgreSQL, the set-based
 * detection query, and the classification into alerts (PRD-086 7.3 and FR-1.6).
 */
class UsageDropDetectionTest {
  private static final LocalDate WEDNESDAY = LocalDate.of(2026, 11, 18);
  private static final LocalDate SATURDAY = LocalDate.of(2026, 11, 14);
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 16);
  private static TestDatabase db;
  private static UsageStore usage;

  private final DetectionCalendar calendar = new DetectionCalendar(List.of("2026-12-25"));

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
  void cleanSlate() {
    db.resetUsage();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
  }

  @Test
  void givenDauDown35Percent_itRaisesAMediumAlert() {
    seed("c1", "enterprise", day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.65));
    UsageDropAlert alert = onlyAlert(WEDNESDAY);
    assertThat(alert.primaryDrop().metricType()).isEqualTo("dau");
    assertThat(alert.primaryDrop().percentDrop()).isEqualTo(35.0);
    assertThat(alert.primaryDrop().baselineValue()).isEqualTo(40.0);
    assertThat(alert.primaryDrop().currentValue()).isEqualTo(26.0);
    assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void givenAShallowDropThatBeganOnFriday_theDaysSinceItBeganFindItOnTuesday() {
    LocalDate friday = MONDAY.minusDays(3);
    LocalDate tuesday = MONDAY.plusDays(1);
    seed("c1", "smb", day -> weekdayRhythm(day) * 0.3 * (day.isBefore(friday) ? 1 : 0.55));
    // the week (Wednesday to Tuesday): 47 active user-days against a usual 64, 1 time in 62 by chance;
    // Friday to Tuesday: 23 against 40, 1 time in 390
    assertThat(drop(tuesday, "dau")).get().satisfies(d -> {
      assertThat(d.currentCount()).isEqualTo(47.0);
      assertThat(d.baselineCount()).isEqualTo(64.0);
    });
    assertThat(onlyAlert(tuesday).primaryDrop().evidence())
        .startsWith("23 active user-days in the 5 days since the drop began against a usual 40");
  }

  @Test
  void givenABusinessDayWhoseEventsHaveNotArrived_itIsADataGapAndNoAlert() {
    seed("c1", "enterprise", day -> day.equals(WEDNESDAY) ? 0 : weekdayRhythm(day));
    assertThat(drop(WEDNESDAY, "dau")).get().extracting(DetectedDrop::percentDrop).isEqualTo(100.0);
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  @Test
  void givenADayOffBeforeABusinessDayWhoseEventsHaveNotArrived_theActiveDayBeforeTheDayOffMakesItADataGap() {
    LocalDate tuesday = WEDNESDAY.minusDays(1);
    seed("c1", "enterprise", day -> day.equals(WEDNESDAY) || day.equals(tuesday) ? 0 : weekdayRhythm(day));
    // Tuesday is everyone's day off (a holiday, or a remembered common-mode day): Monday was active
    assertThat(findDrops(WEDNESDAY, HolidayDays.everyone(List.of(tuesday)), -100))
        .filteredOn(d -> d.metricType().equals("dau")).singleElement()
        .satisfies(d -> assertThat(d.dataGap()).isTrue());
  }

  @Test
  void givenAnAccountThatStopsForTwoBusinessDays_itIsNoLongerAGap() {
    seed("c1", "enterprise", day -> day.isBefore(WEDNESDAY.minusDays(1)) ? weekdayRhythm(day) : 0);
    assertThat(alerts(WEDNESDAY.minusDays(1))).isEmpty();
    assertThat(onlyAlert(WEDNESDAY).primaryDrop().percentDrop()).isEqualTo(100.0);
  }

  @Test
  void givenDauDown60Percent_itRaisesAHighAlert() {
    seed("c1", "enterprise", day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.4));
    assertThat(onlyAlert(WEDNESDAY).severity()).isEqualTo(Severity.HIGH);
  }

  @Test
  void givenDauDown80Percent_itRaisesACriticalAlert() {
    seed("c1", "enterprise", day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.2));
    UsageDropAlert alert = onlyAlert(WEDNESDAY);
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.primaryDrop().periodEnd()).isEqualTo(WEDNESDAY);
    assertThat(alert.primaryDrop().baselineStart()).isEqualTo(WEDNESDAY.minusDays(34));
    assertThat(alert.primaryDrop().baselineEnd()).isEqualTo(WEDNESDAY.minusDays(7));
    assertThat(alert.primaryDrop().summary()).isEqualTo("DAU dropped 80% (40 → 8)");
  }

  @Test
  void givenADropThatBeginsOnSaturday_itIsNotEvaluatedOnTheWeekendButIsJudgedOnMonday() {
    seed("c1", "enterprise", day -> weekdayRhythm(day) * (day.isBefore(SATURDAY) ? 1 : 0.2));
    assertThat(calendar.skipReason(SATURDAY)).get().asString().contains("Saturday");
    assertThat(calendar.skipReason(SATURDAY.plusDays(1))).get().asString().contains("Sunday");
    assertThat(alerts(SATURDAY.minusDays(1))).isEmpty();
    assertThat(calendar.skipReason(MONDAY)).isEmpty();
    UsageDropAlert monday = onlyAlert(MONDAY);
    assertThat(monday.primaryDrop().metricType()).isEqualTo("dau");
    assertThat(monday.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void givenTheNormalWeekdayWeekendRhythmWithNoise_itRaisesNothing() {
    Random random = new Random(42);
    seed("c1", "smb", day -> weekdayRhythm(day) * (0.85 + random.nextDouble() * 0.3));
    for (LocalDate day = WEDNESDAY.minusDays(14); !day.isAfter(WEDNESDAY); day = day.plusDays(1)) {
      if (calendar.skipReason(day).isEmpty()) {
        assertThat(alerts(day)).as("alerts on %s", day).isEmpty();
      }
    }
  }

  @Test
  void givenOneQuietDayInAnOtherwiseNormalWeek_itRaisesNothing() {
    seed("c1", "smb", day -> weekdayRhythm(day) * (day.equals(WEDNESDAY) ? 0.5 : 1));
    assertThat(drop(WEDNESDAY, "dau")).get().extracting(DetectedDrop::percentDrop).isEqualTo(50.0);
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  @Test
  void givenMonthEndPeaksAndSlowDecline_itRaisesNothing() {
    seed("c1", "smb", day -> weekdayRhythm(day) * (day.getDayOfMonth() >= 28 ? 2 : 1)
        * Math.pow(0.98, day.toEpochDay() / 7.0 - WEDNESDAY.toEpochDay() / 7.0));
    assertThat(alerts(LocalDate.of(2026, 11, 25))).isEmpty();
    assertThat(alerts(LocalDate.of(2026, 12, 2))).isEmpty();
    assertThat(alerts(LocalDate.of(2026, 11, 3))).isEmpty();
  }

  @Test
  void givenATrainingWeekInTheBaseline_theOrdinaryWeeksAfterItAreNoDrop() {
    LocalDate trainingMonday = MONDAY.minusDays(14);
    seed("c1", "smb", day -> weekdayRhythm(day)
        * (!day.isBefore(trainingMonday) && day.isBefore(trainingMonday.plusDays(5)) ? 3 : 1));
    assertThat(drop(WEDNESDAY, "dau")).get().extracting(DetectedDrop::baselineValue).isEqualTo(40.0);
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  @Test
  void givenATrainingWeekSplitOverTwoBaselineWeeks_anOrdinaryQuietWednesdayIsNoDrop() {
    // training Monday to Friday 11-02..11-06: Monday-Wednesday in the baseline week ending 11-04,
    // Thursday-Friday in the one ending 11-11, so two of the four weekly sums are high (276, 256)
    // and their trimmed mean keeps one of them (236); each weekday meets the training only once
    LocalDate trainingMonday = MONDAY.minusDays(14);
    LocalDate thursday = WEDNESDAY.minusDays(6);
    seed("c1", "smb", day -> {
      if (!day.isBefore(trainingMonday) && day.isBefore(trainingMonday.plusDays(5))) {
        return weekdayRhythm(day) * 1.5;
      }
      if (day.equals(WEDNESDAY)) {
        return 26;
      }
      return !day.isBefore(thursday) && day.isBefore(WEDNESDAY) ? (day.getDayOfWeek().getValue() >= 6 ? 7 : 37) : weekdayRhythm(day);
    });
    // the week: 188 active user-days against the usual 216 of an ordinary week (13%, not the half of
    // 30% that confirms a one-day drop), not against 236 (20%)
    assertThat(drop(WEDNESDAY, "dau")).get().satisfies(d -> {
      assertThat(d.currentCount()).isEqualTo(188.0);
      assertThat(d.baselineCount()).isEqualTo(216.0);
      assertThat(d.percentDrop()).isEqualTo(35.0);
    });
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  @Test
  void givenOneQuietWeekInTheBaseline_aRealDropIsNotHidden() {
    // the baseline week Thursday..Wednesday two weeks back, at a quarter of its usual use
    seed("c1", "smb", day -> weekdayRhythm(day)
        * (!day.isBefore(WEDNESDAY.minusDays(20)) && !day.isAfter(WEDNESDAY.minusDays(14)) ? 0.25 : 1)
        * (day.isBefore(MONDAY) ? 1 : 0.62));
    UsageDropAlert alert = onlyAlert(WEDNESDAY);
    assertThat(alert.primaryDrop().baselineValue()).isEqualTo(40.0);
    assertThat(alert.primaryDrop().percentDrop()).isEqualTo(37.5);
  }

  @Test
  void givenASmallAccountsQuietWeek_chanceExplainsItAndNothingIsRaised() {
    seed("tiny", "smb", day -> (day.getDayOfWeek().getValue() >= 6 ? 0 : 4) * (day.isBefore(MONDAY) ? 1 : 0.5));
    assertThat(drop(WEDNESDAY, "dau")).get().extracting(DetectedDrop::percentDrop).isEqualTo(50.0);
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  @Test
  void givenAHolidayInTheBaseline_itIsLeftOut() {
    LocalDate holiday = WEDNESDAY.minusDays(7);
    seed("c1", "smb", day -> day.equals(holiday) ? 0 : weekdayRhythm(day));
    DetectionCalendar withHoliday = new DetectionCalendar(List.of(holiday.toString()));
    assertThat(findDrops(WEDNESDAY, HolidayDays.everyone(withHoliday.holidays()), -100))
        .filteredOn(d -> d.metricType().equals("dau")).singleElement()
        .satisfies(d -> assertThat(d.baselineValue()).isEqualTo(40.0));
    assertThat(withHoliday.skipReason(holiday)).get().asString().contains("holiday");
  }

  @Test
  void givenSegmentThresholds_theSegmentsOwnRuleDecides() {
    seed("ent", "enterprise", day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.75));
    seed("small", "smb", day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.75));
    List<TriggerRule> rules = List.of(rule("dau", null, 30, null), rule("dau", "enterprise", 20, null));
    // by Friday the week's active user-days (166 against a usual 216) are past what chance explains
    LocalDate friday = WEDNESDAY.plusDays(2);
    List<UsageDropAlert> alerts = classifier(rules).alerts(friday, drops(friday));
    assertThat(alerts).extracting(UsageDropAlert::customerId).containsExactly("ent");
    assertThat(alerts.get(0).triggerId()).isEqualTo("dau-enterprise");
  }

  @Test
  void givenAFeatureThatStopsBeingUsed_itRaisesAFeatureUsageAlert() {
    seed("c1", "smb", DetectionTestShapes::weekdayRhythm);
    for (LocalDate day = WEDNESDAY.minusDays(40); !day.isAfter(WEDNESDAY); day = day.plusDays(1)) {
      if (day.isBefore(WEDNESDAY.minusDays(6)) && day.getDayOfWeek().getValue() < 6) {
        db.execute("INSERT INTO feature_usage_metrics VALUES ('c1', '" + day + "', 'reports', 12, 6)");
      }
      db.execute("INSERT INTO feature_usage_metrics VALUES ('c1', '" + day + "', 'dashboards', 30, 20)");
    }
    UsageDropAlert alert = onlyAlert(WEDNESDAY);
    assertThat(alert.primaryDrop().metricType()).isEqualTo("feature_usage");
    assertThat(alert.primaryDrop().featureId()).isEqualTo("reports");
    assertThat(alert.primaryDrop().baselineValue()).isEqualTo(60.0);
    assertThat(alert.primaryDrop().currentValue()).isEqualTo(0.0);
    assertThat(alert.drops()).extracting(d -> d.featureId()).doesNotContain("dashboards");
    assertThat(drop(WEDNESDAY, "feature_usage")).get().extracting(DetectedDrop::featuresTested).isEqualTo(2);
    // the account's users as usual: the feature's drop counts on its own, at 1 in 100,000 (0 uses against 60 is far past it)
    DetectedDrop reports = drop(WEDNESDAY, "feature_usage").orElseThrow();
    assertThat(reports.accountUserDays()).isNotNull().isEqualTo(reports.accountUsualUserDays());
  }

  @Test
  void givenDailyUsersWhoBecomeWeeklyUsers_itRaisesALoginFrequencyAlert() {
    seedWithLogins("c1", "smb", DetectionTestShapes::weekdayRhythm,
        day -> day.isBefore(WEDNESDAY.minusDays(6)) ? weekdayRhythm(day) : (day.getDayOfWeek() == DayOfWeek.MONDAY ? 40 : 0));
    Optional<DetectedDrop> logins = drop(WEDNESDAY, "login_frequency");
    assertThat(logins).get().satisfies(d -> {
      assertThat(d.baselineValue()).isEqualTo(4.32);
      assertThat(d.currentValue()).isEqualTo(0.8);
    });
    assertThat(onlyAlert(WEDNESDAY).drops()).extracting(d -> d.metricType()).contains("login_frequency");
  }

  @Test
  void givenTooLittleHistory_itRaisesNothing() {
    seedFrom("c1", "smb", WEDNESDAY.minusDays(20), day -> weekdayRhythm(day) * (day.isBefore(MONDAY) ? 1 : 0.2),
        DetectionTestShapes::weekdayRhythm);
    assertThat(alerts(WEDNESDAY)).isEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  private static double weekdayRhythm(LocalDate day) {
    return DetectionTestShapes.weekdayRhythm(day);
  }

  private List<UsageDropAlert> alerts(LocalDate asOf) {
    return classifier(defaultRules()).alerts(asOf, drops(asOf));
  }

  private UsageDropAlert onlyAlert(LocalDate asOf) {
    List<UsageDropAlert> alerts = alerts(asOf);
    assertThat(alerts).hasSize(1);
    return alerts.get(0);
  }

  private List<DetectedDrop> drops(LocalDate asOf) {
    return findDrops(asOf, HolidayDays.everyone(calendar.holidays()), 0);
  }

  private Optional<DetectedDrop> drop(LocalDate asOf, String metric) {
    return findDrops(asOf, HolidayDays.everyone(calendar.holidays()), -1000).stream()
        .filter(d -> d.metricType().equals(metric)).findFirst();
  }

  /** The statement's drops over every customer, checked against the statement it replaced (DropArithmeticCheck). */
  private static List<DetectedDrop> findDrops(LocalDate asOf, HolidayDays holidays, double minPercent) {
    return DropArithmeticCheck.assertSameAsStatement(new Sql(db.dataSource()), usage, asOf, 4, holidays, minPercent, 3, 10).drops();
  }

  private static DropClassifier classifier(List<TriggerRule> rules) {
    return new DropClassifier(rules, ApprovalPolicy.DEFAULT);
  }

  private static List<TriggerRule> defaultRules() {
    return List.of(rule("dau", null, 30, null), rule("wau", null, 30, null), rule("mau", null, 30, null),
        rule("feature_usage", null, 50, null), rule("login_frequency", null, 50, null));
  }

  static TriggerRule rule(String metric, String segment, int threshold, String minSeverity) {
    return new TriggerRule(metric + (segment == null ? "" : "-" + segment), "usage_drop", metric, segment, metric,
        BigDecimal.valueOf(threshold), 28, 7, minSeverity,
        new String[] {"slack_notify", "create_task", "draft_email", "update_health_score"}, true, Instant.EPOCH, null, null);
  }

  private void seed(String customer, String segment, ToDoubleFunction<LocalDate> dau) {
    seedWithLogins(customer, segment, dau, DetectionTestShapes::weekdayRhythm);
  }

  private void seedWithLogins(String customer, String segment, ToDoubleFunction<LocalDate> dau,
      ToDoubleFunction<LocalDate> loginUsers) {
    seedFrom(customer, segment, WEDNESDAY.minusDays(60), dau, loginUsers);
  }

  /** Daily rollups from {@code first} to two weeks past WEDNESDAY; WAU/MAU/login WAU held steady. */
  private void seedFrom(String customer, String segment, LocalDate first, ToDoubleFunction<LocalDate> dau,
      ToDoubleFunction<LocalDate> loginUsers) {
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
        + customer + "', '" + customer + "', 100000, '" + segment + "', 'na', 'sarah', 'Jo', 'jo@example.com')");
    StringBuilder sql = new StringBuilder("INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, "
        + "login_users, login_wau, sessions, events) VALUES ");
    LocalDate last = WEDNESDAY.plusDays(21);
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      long users = Math.round(dau.applyAsDouble(day));
      long logins = Math.round(loginUsers.applyAsDouble(day));
      sql.append(String.format("('%s', '%s', %d, 50, 60, %d, %d, 50, %d, %d),", customer, day, users, logins, logins,
          users, users * 5));
    }
    db.execute(sql.substring(0, sql.length() - 1));
  }
}
