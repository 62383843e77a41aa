package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.adoption.AdoptionClassifier;
import io.vigil.activities.adoption.AdoptionClassifier.CustomerFindings;
import io.vigil.infra.persistence.AdoptionInterventions;
import io.vigil.infra.persistence.AdoptionReports;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.AdoptionStalls;
import io.vigil.infra.persistence.FeatureAdoptionRow;
import io.vigil.infra.persistence.FeatureCatalogStore;
import io.vigil.infra.persistence.Sql;
import io.vigil.workflows.adoption.AdoptionAlert;
import io.vigil.workflows.adoption.StalledFeature;
import io.vigil.workflows.common.ApprovalPolicy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feature adoption below the application (PRD-090 7.1 and FR-1): usage events in a real PostgreSQL,
 * the daily rollup into scores, stages and stalls, the set-based stall query and the classification
 * into alerts. Every customer has 10 users who log in every day; features are used on top of that.
 */
class AdoptionDetectionTest {
  /** A Wednesday: the evaluated day of most scenarios. */
  private static final LocalDate D = LocalDate.of(2026, 11, 18);
  private static TestDatabase db;
  private static AdoptionRollups rollups;
  private static AdoptionStalls stalls;
  private static AdoptionInterventions interventions;
  private static AdoptionReports reports;
  private static FeatureCatalogStore catalog;

  private final AdoptionClassifier classifier = new AdoptionClassifier(ApprovalPolicy.DEFAULT, AdoptionRules.DEFAULT);

  @BeforeAll
  static void startDatabase() {
    db = new TestDatabase();
    Sql sql = new Sql(db.dataSource());
    interventions = new AdoptionInterventions(sql, AdoptionRules.DEFAULT);
    rollups = new AdoptionRollups(sql, AdoptionRules.DEFAULT, interventions);
    stalls = new AdoptionStalls(sql);
    reports = new AdoptionReports(sql, AdoptionRules.DEFAULT);
    catalog = new FeatureCatalogStore(sql);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void cleanSlate() {
    db.resetUsage("adoption_interventions", "feature_adoption_daily", "feature_adoption", "feature_catalog",
        "agent_activity_log");
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
  }

  // ---------------------------------------------------------------- PRD 7.1

  @Test
  void givenAFeatureUsedRegularly_itIsAdoptedAndRaisesNoAlert() {
    customer("c1", "enterprise", 100_000);
    feature("reports", 80, 30, "0.5", "{}");
    use("c1", "reports", 0, 8, D.minusDays(40), D, 1, true);

    rollups.rollUp(null, D.minusDays(40), D);

    FeatureAdoptionRow reports = row("c1", "reports");
    assertThat(reports.stage()).isEqualTo("adopted");
    assertThat(reports.usageScore()).isEqualTo(100);
    assertThat(reports.stalled()).isFalse();
    assertThat(reports.activationSource()).isEqualTo("first_use");
    assertThat(reports.activatedAt()).as("its first use").isEqualTo(D.minusDays(40).atTime(10, 0).toInstant(ZoneOffset.UTC));
    assertThat(classifier.classify(D, stalls.findStalls(D, null))).isEmpty();
  }

  @Test
  void givenAFeatureActivatedButUnusedFor20Days_itIsStalledAndRaisesAnAlert() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    rollups.activate("c1", "analytics", at(D.minusDays(20)));

    rollups.rollUp(null, D.minusDays(25), D);

    FeatureAdoptionRow analytics = row("c1", "analytics");
    assertThat(analytics.stage()).isEqualTo("not_started");
    assertThat(analytics.usageScore()).isZero();
    assertThat(analytics.stalled()).isTrue();
    assertThat(analytics.stallReason()).isEqualTo("low_usage");
    assertThat(analytics.activationSource()).isEqualTo("explicit");
    // under 20 from activation, so stalled once 14 days had passed
    assertThat(analytics.stallDetectedAt()).isEqualTo(D.minusDays(6).atStartOfDay().toInstant(ZoneOffset.UTC));
    assertThat(analytics.daysInStage()).as("not started since its activation").isEqualTo(20);
    List<CustomerFindings> findings = classifier.classify(D, stalls.findStalls(D, null));
    assertThat(findings).singleElement().satisfies(c -> {
      assertThat(c.alert()).isNotNull();
      assertThat(c.alert().features()).extracting(StalledFeature::featureId).containsExactly("analytics");
      assertThat(c.alert().leadFeature().daysSinceActivation()).isEqualTo(20);
      assertThat(c.alert().leadFeature().stage()).isEqualTo("not_started");
    });
    assertThat(stalls.findStalls(D.minusDays(7), null)).as("13 days after activation").isEmpty();
  }

  @Test
  void givenAStalledFeatureThatStartsBeingUsed_itMovesStageAndRecordsTheRecovery() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    rollups.activate("c1", "analytics", at(D.minusDays(20)));
    rollups.rollUp(null, D.minusDays(20), D);
    assertThat(row("c1", "analytics").stalled()).isTrue();

    use("c1", "analytics", 0, 6, D.plusDays(1), D.plusDays(7), 1, false);
    rollups.rollUp(null, D.plusDays(1), D.plusDays(7));

    assertThat(stageOn("c1", "analytics", D.plusDays(1))).isEqualTo("engaged");
    FeatureAdoptionRow analytics = row("c1", "analytics");
    assertThat(analytics.stalled()).isFalse();
    assertThat(analytics.stage()).isEqualTo("adopted");
    assertThat(analytics.recoveredAt()).isEqualTo(D.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    assertThat(count("SELECT count(*) FROM agent_activity_log WHERE customer_id = 'c1' AND action = 'adoption_recovered'"
        + " AND details->>'featureId' = 'analytics' AND details->>'recoveredOn' = '" + D.plusDays(1) + "'")).isEqualTo(1);
    assertThat(stalls.findStalls(D.plusDays(7), null)).isEmpty();
  }

  @Test
  void givenThreeStalledFeatures_theyMakeOneAggregatedAlertMostImportantFirst() {
    customer("c1", "enterprise", 100_000);
    feature("reports", 90, 30, "0.5", "{}");
    feature("analytics", 70, 30, "0.5", "{}");
    feature("workflows", 85, 30, "0.5", "{}");
    feature("alerts", 95, 30, "0.5", "{}");
    for (String f : List.of("analytics", "workflows", "alerts")) {
      rollups.activate("c1", f, at(D.minusDays(20)));
    }
    use("c1", "reports", 0, 8, D.minusDays(30), D, 1, true);

    rollups.rollUp(null, D.minusDays(1), D);

    List<CustomerFindings> findings = classifier.classify(D, stalls.findStalls(D, null));
    assertThat(findings).singleElement().satisfies(c -> {
      assertThat(c.findings()).hasSize(3).noneMatch(AdoptionClassifier.Finding::suppressed);
      assertThat(c.alert().features()).extracting(StalledFeature::featureId).containsExactly("alerts", "workflows", "analytics");
      assertThat(c.alert().featureNames()).isEqualTo("alerts name, workflows name and analytics name");
    });
  }

  @Test
  void givenAStallAfterARecentIntervention_itIsSuppressedFor30Days() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    String id = rollups.activate("c1", "analytics", at(D.minusDays(20)));
    rollups.rollUp(null, D.minusDays(6), D.minusDays(5));
    Instant sentAt = D.minusDays(5).atTime(10, 0).toInstant(ZoneOffset.UTC);
    interventions.recordIntervention("manual/1", id, "call", "walked them through it", "[]", null, sentAt);

    rollups.rollUp(null, D.minusDays(4), D.plusDays(25));

    CustomerFindings held = onlyCustomer(D.plusDays(24));
    assertThat(held.alert()).isNull();
    assertThat(held.findings()).singleElement().satisfies(f -> {
      assertThat(f.suppressed()).isTrue();
      assertThat(f.reason()).contains("intervention (call)", D.minusDays(5).toString(), "30 days");
    });
    assertThat(onlyCustomer(D.plusDays(25)).alert()).as("30 days after the intervention").isNotNull();
    assertThat(interventions.interventionsOf(id)).singleElement().satisfies(i -> {
      assertThat(i.scoreBefore()).isZero();
      assertThat(i.scoreAfter()).as("measured 14 days on").isZero();
      assertThat(i.measuredAt()).isEqualTo(D.plusDays(9).atStartOfDay().toInstant(ZoneOffset.UTC));
    });
  }

  // ---------------------------------------------------------------- the 30-day window and the other rules

  @Test
  void givenAFeatureAlertedOnce_itIsNotAlertedAgainWithin30Days() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    String id = rollups.activate("c1", "analytics", at(D.minusDays(20)));
    rollups.rollUp(null, D, D.plusDays(30));
    stalls.markAlerted(List.of(id), D.atTime(6, 0).toInstant(ZoneOffset.UTC));

    assertThat(onlyCustomer(D.plusDays(29)).findings()).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("already alerted on " + D));
    assertThat(onlyCustomer(D.plusDays(29)).alert()).isNull();
    assertThat(onlyCustomer(D.plusDays(30)).alert()).isNotNull();
  }

  @Test
  void givenAFeaturePastItsTimelineWithAScoreUnder30_itIsStalledBehindTimelineButNotBefore() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 60, 30, "0.4", "{}");
    use("c1", "analytics", 0, 1, D.minusDays(40), D, 1, false);

    rollups.rollUp(null, D.minusDays(15), D);

    assertThat(scoreOn("c1", "analytics", D)).isEqualTo(25);
    assertThat(stageOn("c1", "analytics", D.minusDays(15))).isEqualTo("engaged");
    assertThat(stalls.findStalls(D.minusDays(15), null)).as("day 25 of a 30-day timeline").isEmpty();
    assertThat(stalls.findStalls(D, null)).singleElement().satisfies(s -> {
      assertThat(s.stallReason()).isEqualTo("behind_timeline");
      assertThat(s.daysSinceActivation()).isEqualTo(40);
    });
  }

  @Test
  void givenTheSameUsage_theSegmentBenchmarkDecidesWhetherItStalls() {
    customer("ent", "enterprise", 100_000);
    customer("small", "smb", 100_000);
    feature("analytics", 60, 30, "0.6", "{\"smb\": 0.2}");
    use("ent", "analytics", 0, 1, D.minusDays(20), D, 1, false);
    use("small", "analytics", 0, 1, D.minusDays(20), D, 1, false);

    rollups.rollUp(null, D, D);

    assertThat(scoreOn("ent", "analytics", D)).isEqualTo(17);
    assertThat(scoreOn("small", "analytics", D)).isEqualTo(50);
    assertThat(stalls.findStalls(D, null)).extracting(s -> s.customerId()).containsExactly("ent");
  }

  @Test
  void givenUsersOnOneDayInFourteen_eachCountsAQuarterOfARegularUser() {
    customer("daily", "enterprise", 100_000);
    customer("rare", "enterprise", 100_000);
    feature("analytics", 60, 30, "0.5", "{}");
    use("daily", "analytics", 0, 1, D.minusDays(13), D, 1, false);
    use("rare", "analytics", 0, 4, D.minusDays(13), D.minusDays(13), 1, false);

    rollups.rollUp(null, D, D);

    // a tenth of the active users using it fully, against a benchmark of half of them: 20
    assertThat(scoreOn("daily", "analytics", D)).isEqualTo(20);
    assertThat(scoreOn("rare", "analytics", D)).isEqualTo(20);
    assertThat(row("rare", "analytics").featureUsers()).isEqualTo(4);
    assertThat(row("rare", "analytics").activeUsers()).isEqualTo(10);
  }

  @Test
  void givenAnAdoptedFeatureThatFallsSilent_itIsChurnedAndNotAStall() {
    customer("c1", "enterprise", 100_000);
    feature("reports", 80, 30, "0.5", "{}");
    use("c1", "reports", 0, 8, D.minusDays(40), D.minusDays(14), 1, false);

    rollups.rollUp(null, D.minusDays(20), D);

    assertThat(stageOn("c1", "reports", D.minusDays(20))).isEqualTo("adopted");
    FeatureAdoptionRow reports = row("c1", "reports");
    assertThat(reports.stage()).isEqualTo("churned");
    assertThat(reports.adoptedOn()).isEqualTo(D.minusDays(20));
    assertThat(reports.daysInStage()).isZero();
    assertThat(reports.stalled()).isFalse();
  }

  @Test
  void givenTheSameDayRolledUpTwice_theStageAndStallKeepTheirStartDays() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    rollups.activate("c1", "analytics", at(D.minusDays(20)));
    rollups.rollUp(null, D.minusDays(10), D);
    FeatureAdoptionRow first = row("c1", "analytics");

    rollups.rollUp(null, D, D);
    rollups.rollUp("c1", D, D);

    FeatureAdoptionRow again = row("c1", "analytics");
    assertThat(again.stageSince()).isEqualTo(first.stageSince()).isEqualTo(D.minusDays(10));
    assertThat(again.stallDetectedAt()).isEqualTo(first.stallDetectedAt());
    assertThat(count("SELECT count(*) FROM feature_adoption_daily")).isEqualTo(11);
  }

  @Test
  void givenInterventionsMeasured14DaysOn_theReportScoresEachInterventionTypeAndNamesTheFeaturesThatStall() {
    customer("c1", "enterprise", 100_000);
    customer("c2", "smb", 50_000);
    feature("analytics", 80, 30, "0.5", "{}");
    feature("reports", 50, 30, "0.5", "{}");
    String worked = rollups.activate("c1", "analytics", at(D.minusDays(20)));
    String failed = rollups.activate("c2", "analytics", at(D.minusDays(20)));
    use("c1", "reports", 0, 8, D.minusDays(20), D.plusDays(20), 1, true);
    rollups.rollUp(null, D, D);
    interventions.recordIntervention("manual/worked", worked, "training", "session", "[]", null, at(D));
    interventions.recordIntervention("manual/failed", failed, "email", "resources", "[]", null, at(D));
    use("c1", "analytics", 0, 6, D.plusDays(1), D.plusDays(14), 1, false);

    rollups.rollUp(null, D.plusDays(1), D.plusDays(14));

    AdoptionReports.AdoptionReport report = reports.report(D, D.plusDays(14));
    assertThat(report.features().get(0).featureId()).isEqualTo("analytics");
    assertThat(report.features().get(0).customersStalled()).isEqualTo(2);
    assertThat(report.features()).filteredOn(f -> f.featureId().equals("reports")).singleElement()
        .satisfies(f -> assertThat(f.customersStalled()).isZero());
    assertThat(report.segments()).extracting(s -> s.segment() + "/" + s.featureId() + ":" + s.customersStalled())
        .contains("enterprise/analytics:1", "smb/analytics:1");
    assertThat(report.interventions()).extracting(i -> i.interventionType() + ":" + i.effectivenessScore())
        .containsExactly("training:100", "email:0");
    assertThat(row("c1", "analytics").adoptionAfterIntervention()).isGreaterThanOrEqualTo(60);
    assertThat(row("c2", "analytics").adoptionAfterIntervention()).isZero();
  }

  @Test
  void givenTheWorkflowsFollowUp_itsInterventionsTakeTheAdoptionOfThatDayAsTheirOutcomeOnce() {
    customer("c1", "enterprise", 100_000);
    feature("analytics", 80, 30, "0.5", "{}");
    String id = rollups.activate("c1", "analytics", at(D.minusDays(20)));
    rollups.rollUp(null, D, D);
    String key = "adoption/c1@" + D + "/intervention/analytics";
    var first = interventions.recordIntervention(key, id, "email", "enablement email", "[\"https://x\"]", "adoption/c1", at(D));
    var retried = interventions.recordIntervention(key, id, "email", "enablement email", "[]", "adoption/c1", at(D.plusDays(1)));
    assertThat(retried.id()).isEqualTo(first.id());
    assertThat(retried.sentAt()).isEqualTo(at(D));
    use("c1", "analytics", 0, 4, D.plusDays(1), D.plusDays(10), 1, false);
    rollups.rollUp(null, D.plusDays(1), D.plusDays(10));

    Instant measuredAt = D.plusDays(10).atTime(12, 0).toInstant(ZoneOffset.UTC);
    assertThat(interventions.measureInterventions("adoption/c1", measuredAt)).singleElement().satisfies(i -> {
      assertThat(i.scoreBefore()).isZero();
      assertThat(i.stageBefore()).isEqualTo("not_started");
      assertThat(i.scoreAfter()).isEqualTo(80);
      assertThat(i.stageAfter()).isEqualTo("adopted");
      assertThat(i.measuredAt()).isEqualTo(measuredAt);
    });
    assertThat(interventions.measureInterventions("adoption/c1", measuredAt.plusSeconds(60))).singleElement()
        .satisfies(i -> assertThat(i.measuredAt()).isEqualTo(measuredAt));
    FeatureAdoptionRow analytics = row("c1", "analytics");
    assertThat(analytics.adoptionAfterIntervention()).isEqualTo(80);
    assertThat(analytics.interventionType()).isEqualTo("email");
    assertThat(analytics.interventionSentAt()).isEqualTo(at(D));
  }

  // ---------------------------------------------------------------- helpers

  private CustomerFindings onlyCustomer(LocalDate asOf) {
    List<CustomerFindings> findings = classifier.classify(asOf, stalls.findStalls(asOf, null));
    assertThat(findings).as("customers with stalls on %s", asOf).hasSize(1);
    return findings.get(0);
  }

  private static FeatureAdoptionRow row(String customer, String feature) {
    return rollups.findByCustomer(customer).stream().filter(r -> r.featureId().equals(feature)).findFirst().orElseThrow();
  }

  private static String stageOn(String customer, String feature, LocalDate day) {
    return text("SELECT stage FROM feature_adoption_daily WHERE customer_id = '" + customer + "' AND feature_id = '"
        + feature + "' AND metric_date = '" + day + "'");
  }

  private static int scoreOn(String customer, String feature, LocalDate day) {
    return Integer.parseInt(text("SELECT usage_score FROM feature_adoption_daily WHERE customer_id = '" + customer
        + "' AND feature_id = '" + feature + "' AND metric_date = '" + day + "'"));
  }

  private static long count(String sql) {
    return Long.parseLong(text(sql));
  }

  private static String text(String sql) {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant at(LocalDate day) {
    return day.atTime(9, 0).toInstant(ZoneOffset.UTC);
  }

  /** A customer whose 10 users log in every day from 60 days before D to 30 days after. */
  private static void customer(String id, String segment, long arr) {
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES ('"
        + id + "', '" + id + "', " + arr + ", '" + segment + "', 'na', 'sarah', 'Jo', 'jo@example.com')");
    use(id, null, 0, 10, D.minusDays(60), D.plusDays(30), 1, false);
  }

  private static void feature(String id, int importance, int expectedDays, String targetShare, String benchmarks) {
    catalog.upsert(id, id + " name", null, importance, expectedDays, new BigDecimal(targetShare), benchmarks, "[]", null, null, null);
  }

  /**
   * Users {@code first..first+count-1} use {@code feature} (null: log in) once a day on every
   * {@code everyDays}-th day from {@code from} to {@code to}, weekdays only if asked.
   */
  private static void use(String customer, String feature, int first, int count, LocalDate from, LocalDate to,
      int everyDays, boolean weekdaysOnly) {
    db.execute("""
        INSERT INTO usage_events (customer_id, user_id, event_type, feature_id, occurred_at)
        SELECT '%s', 'u' || u, %s, %s, (d::date + time '10:00') AT TIME ZONE 'UTC'
        FROM generate_series(DATE '%s', DATE '%s', interval '%d day') d, generate_series(%d, %d) u
        WHERE %s""".formatted(customer, feature == null ? "'login'" : "'feature_used'",
        feature == null ? "NULL" : "'" + feature + "'", from, to, everyDays, first, first + count - 1,
        weekdaysOnly ? "extract(isodow FROM d) < 6" : "true"));
  }
}
