package io.vigil.activities.detection;

import static io.vigil.activities.detection.UsageDropDetectionTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.RecentDays;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropClassifierTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  private static DetectedDrop drop(String customer, String metric, String feature, double pct, Double weekPct) {
    return new DetectedDrop(customer, customer, "sarah", "smb", BigDecimal.TEN, metric, feature, 100 - pct, 100, pct, weekPct,
        null, null);
  }

  private static DetectedDrop counted(String customer, double pct, double userDays, double usualUserDays) {
    return new DetectedDrop(customer, customer, "sarah", "smb", BigDecimal.TEN, "dau", null, 100 - pct, 100, pct, pct,
        userDays, usualUserDays);
  }

  private static DetectedDrop sinceItBegan(double pct, double weekUserDays, double weekUsual, RecentDays recent,
      boolean dataGap) {
    return new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "dau", null, 100 - pct, 100, pct, 27.0,
        weekUserDays, weekUsual, recent, dataGap);
  }

  @Test
  void givenAShallowDropThatTheWeekDilutes_theDaysSinceItBeganDecide_andTheEvidenceNamesThem() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    // the week: 47 user-days against a usual 64, 1 time in 62; Friday to Tuesday: 23 against 40, 1 time in 390
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(42, 47, 64, null, false)))).isEmpty();
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(42, 47, 64, new RecentDays(23, 40, 5), false))))
        .singleElement().satisfies(alert -> assertThat(alert.primaryDrop().evidence())
            .isEqualTo("23 active user-days in the 5 days since the drop began against a usual 40: a drop this large "
                + "happens by chance less than 1 time in 100"));
    // chosen after looking, so 1 in 100 is not enough: 16 against 28 happens 1 time in 100
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(42, 47, 64, new RecentDays(16, 28, 4), false)))).isEmpty();
  }

  @Test
  void givenTheDaysSinceADropBeganAtOneTimeIn200_itIsNoAlert_forTheRunWasOneOfThreeTheQueryCouldPick() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    // P(X <= 9 | 20) = 0.0050: past 1 in 200, not past 1 in 300 (1 in 100 shared among 3 runs)
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(55, 47, 64, new RecentDays(9, 20, 2), false)))).isEmpty();
    // P(X <= 8 | 20) = 0.0021
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(60, 47, 64, new RecentDays(8, 20, 2), false)))).hasSize(1);
  }

  @Test
  void givenADataGap_theDayIsNotJudgedForDau() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(100, 10, 250, new RecentDays(0, 40, 1), true)))).isEmpty();
    assertThat(classifier.alerts(AS_OF, List.of(sinceItBegan(100, 10, 250, new RecentDays(0, 40, 1), false)))).hasSize(1);
  }

  @Test
  void givenASmallAccountsDropThatChanceExplains_itIsNoAlert_butTheSameDropOnALargerAccountIs() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    // 6-seat account: 14 user-days against a usual 25 happens by chance ~1.4% of the time
    assertThat(classifier.alerts(AS_OF, List.of(counted("small", 44, 14, 25)))).isEmpty();
    assertThat(classifier.alerts(AS_OF, List.of(counted("large", 44, 140, 250)))).singleElement().satisfies(alert ->
        assertThat(alert.primaryDrop().evidence())
            .isEqualTo("140 active user-days this week against a usual 250: a drop this large happens by chance less than "
                + "1 time in 1,000"));
    assertThat(classifier.alerts(AS_OF, List.of(counted("medium", 44, 23, 41)))).singleElement().satisfies(alert ->
        assertThat(alert.primaryDrop().evidence())
            .isEqualTo("23 active user-days this week against a usual 41: a drop this large happens by chance less than "
                + "1 time in 100"));
  }

  @Test
  void givenAFeatureDropThatChanceMakesOneTimeIn270_itIsNoAlert_butTheAccountsUsersAtTheSameOddsAre() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null), rule("feature_usage", null, 50, null)),
        ApprovalPolicy.DEFAULT);
    // P(X <= 4 | 13) = 0.0037: past 1 in 100, not past the features' 1 in 1,000
    DetectedDrop exports = new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "feature_usage", "exports", 4, 13,
        69.2, null, 4.0, 13.0);
    DetectedDrop userDays = new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "dau", null, 4, 13, 69.2, 69.2,
        4.0, 13.0);
    assertThat(classifier.alerts(AS_OF, List.of(exports))).isEmpty();
    assertThat(classifier.alerts(AS_OF, List.of(userDays))).hasSize(1);
    // P(X <= 4 | 15) = 0.0009
    DetectedDrop rarer = new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "feature_usage", "exports", 4, 15,
        73.3, null, 4.0, 15.0);
    assertThat(classifier.alerts(AS_OF, List.of(rarer))).singleElement().satisfies(alert ->
        assertThat(alert.primaryDrop().evidence())
            .isEqualTo("4 uses of exports this week against a usual 15: a drop this large happens by chance less than "
                + "1 time in 1,000"));
  }

  @Test
  void givenThreeFeaturesTestedOnTheDay_oneFeaturesDropMustBeThreeTimesRarer() {
    DropClassifier classifier = new DropClassifier(List.of(rule("feature_usage", null, 50, null)), ApprovalPolicy.DEFAULT);
    // P(X <= 4 | 15) = 0.00086: past 1 in 1,000 for the only feature tested, not past 1 in 3,000 for one of three
    assertThat(classifier.alerts(AS_OF, List.of(feature("exports", 4, 15, 1)))).hasSize(1);
    assertThat(classifier.alerts(AS_OF, List.of(feature("exports", 4, 15, 3)))).isEmpty();
    // P(X <= 2 | 13.5) = 0.00014: rarer than 1 in 3,000
    assertThat(classifier.alerts(AS_OF, List.of(feature("exports", 2, 13.5, 3)))).hasSize(1);
  }

  @Test
  void givenAFeatureDropWhileTheAccountsUsersAreAsUsual_itMustBeRarerStill_butWithTheUsersDownTooItCounts() {
    DropClassifier classifier = new DropClassifier(List.of(rule("feature_usage", null, 50, null)), ApprovalPolicy.DEFAULT);
    // "4 uses of reports against a usual 17" (P = 0.00018, past 1 in 3,000) on a 20-seat account whose week held its
    // usual 68 active user-days: chance, as often as 1 in 1,000 customer-days when every feature is tested every day
    assertThat(classifier.alerts(AS_OF, List.of(feature("reports", 4, 17, 3, 68, 68)))).isEmpty();
    // the same with the account's users down too (52 against 68, P = 0.026): both at once come by chance ~1 in 200,000
    assertThat(classifier.alerts(AS_OF, List.of(feature("reports", 4, 17, 3, 52, 68)))).hasSize(1);
    // a feature the team stopped using altogether counts on its own: P(X <= 0 | 20) = 2e-9
    assertThat(classifier.alerts(AS_OF, List.of(feature("reports", 0, 20, 3, 68, 68)))).hasSize(1);
  }

  private static DetectedDrop feature(String feature, double uses, double usual, int featuresTested, double userDays,
      double usualUserDays) {
    double pct = 100 * (usual - uses) / usual;
    return new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "feature_usage", feature, uses, usual, pct, null,
        uses, usual, null, false, featuresTested, userDays, usualUserDays);
  }

  private static DetectedDrop feature(String feature, double uses, double usual, int featuresTested) {
    double pct = 100 * (usual - uses) / usual;
    return new DetectedDrop("a", "a", "sarah", "smb", BigDecimal.TEN, "feature_usage", feature, uses, usual, pct, null,
        uses, usual, null, false, featuresTested);
  }

  @Test
  void givenDropsOfEverySize_severityFollowsThePrd() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    List<UsageDropAlert> alerts = classifier.alerts(AS_OF, List.of(
        drop("a", "dau", null, 30.0, 30.0), drop("b", "dau", null, 35, 35.0), drop("c", "dau", null, 50.0, 50.0),
        drop("d", "dau", null, 60, 60.0), drop("e", "dau", null, 70.0, 70.0), drop("f", "dau", null, 80, 80.0)));
    assertThat(alerts).extracting(a -> a.customerId() + ":" + a.severity().label())
        .containsExactly("b:medium", "c:medium", "d:high", "e:high", "f:critical");
  }

  @Test
  void givenAOneDayDauDropTheWeekDoesNotConfirm_itIsNoAlert() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 30, null)), ApprovalPolicy.DEFAULT);
    assertThat(classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 45, 14.9)))).isEmpty();
    assertThat(classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 45, 15.0)))).hasSize(1);
  }

  @Test
  void givenSeveralDropsOfOneCustomer_theyMakeOneAlertLedByTheDeepest() {
    DropClassifier classifier = new DropClassifier(
        List.of(rule("dau", null, 30, null), rule("login_frequency", null, 50, null)), ApprovalPolicy.DEFAULT);
    List<UsageDropAlert> alerts = classifier.alerts(AS_OF,
        List.of(drop("a", "dau", null, 40, 40.0), drop("a", "login_frequency", null, 75, null)));
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(alert.drops()).extracting(MetricDrop::metricType).containsExactly("login_frequency", "dau");
      assertThat(alert.triggerId()).isEqualTo("login_frequency");
      assertThat(alert.policy().cooldown()).isEqualTo(Duration.ofDays(7));
    });
  }

  @Test
  void givenFeatureDropsNoDeeperThanTheAccountsDrop_theyAreLeftOut() {
    DropClassifier classifier = new DropClassifier(
        List.of(rule("dau", null, 30, null), rule("feature_usage", null, 50, null)), ApprovalPolicy.DEFAULT);
    UsageDropAlert alert = classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 60, 60.0),
        drop("a", "feature_usage", "api", 72, null), drop("a", "feature_usage", "reports", 95, null))).get(0);
    assertThat(alert.drops()).extracting(d -> d.featureId() == null ? d.metricType() : d.featureId())
        .containsExactly("reports", "dau");
  }

  @Test
  void givenARuleWithASeverityFloor_smallerDropsAreRaisedToIt() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", null, 20, "high")), ApprovalPolicy.DEFAULT);
    assertThat(classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 25, 25.0))).get(0).severity())
        .isEqualTo(Severity.HIGH);
    assertThat(classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 75, 75.0))).get(0).severity())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void givenAMetricWithoutARule_itIsIgnored() {
    DropClassifier classifier = new DropClassifier(List.of(rule("dau", "enterprise", 30, null)), ApprovalPolicy.DEFAULT);
    assertThat(classifier.alerts(AS_OF, List.of(drop("a", "dau", null, 60, 60.0)))).isEmpty();
  }
}
