package io.vigil.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.activities.report.OnboardingReport.CustomerOnboarding;
import io.vigil.activities.report.OnboardingReport.DropOff;
import io.vigil.activities.report.OnboardingReport.Step;
import io.vigil.infra.persistence.OnboardingFigures;
import io.vigil.infra.persistence.Sql;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Onboarding on 30 November 2026 for a portfolio worked out by hand: five customers in their first
 * 30 days (one at each step), and three that are not (started 30 days ago, starting tomorrow, no
 * start date).
 */
class OnboardingReportTest {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);
  private static TestDatabase db;
  private static OnboardingReport onboarding;

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah', 's@example.com', 'csm'),"
        + " ('omar', 'Omar', 'o@example.com', 'csm')");
    db.execute("INSERT INTO feature_catalog (feature_id, feature_name, importance_score) VALUES "
        + "('key1', 'Dashboards', 90), ('key2', 'Alerts', 80), ('minor', 'Themes', 30)");
    customer("n1", "sarah", "2026-11-20");
    customer("n2", "sarah", "2026-11-25");
    customer("n3", "sarah", "2026-11-01");
    customer("n4", "sarah", "2026-11-29");
    customer("n5", "sarah", "2026-10-31");
    customer("n6", "sarah", "2026-12-01");
    customer("n7", "sarah", null);
    customer("n8", "omar", "2026-11-28");
    // n1: value on day 3, everything activated, active yesterday; n3: value on day 7, quiet since the 10th;
    // n2: logged in, only a minor feature; n4: nothing yet; n8: value on day 0, one key feature of two
    activated("n1", "key1", "2026-11-23T10:00:00Z");
    activated("n1", "key2", "2026-11-25T10:00:00Z");
    activated("n2", "minor", "2026-11-26T10:00:00Z");
    activated("n3", "key2", "2026-11-08T10:00:00Z");
    activated("n8", "key1", "2026-11-28T12:00:00Z");
    activated("n5", "key1", "2026-11-01T12:00:00Z");
    event("n1", "login", "2026-11-20T09:00:00Z");
    event("n1", "feature_used", "2026-11-29T09:00:00Z");
    event("n2", "login", "2026-11-26T09:00:00Z");
    event("n3", "login", "2026-11-02T09:00:00Z");
    event("n3", "feature_used", "2026-11-10T09:00:00Z");
    event("n8", "login", "2026-11-28T09:00:00Z");
    event("n4", "login", "2026-11-28T09:00:00Z"); // before its start: not onboarding activity
    ticket("t1", "n1", "2026-11-21T00:00:00Z");
    ticket("t2", "n1", "2026-11-27T00:00:00Z");
    ticket("t3", "n1", "2026-11-10T00:00:00Z"); // before its start
    ticket("t4", "n3", "2026-11-15T00:00:00Z");
    onboarding = new OnboardingReport(new OnboardingFigures(new Sql(db.dataSource())));
  }

  private static void customer(String id, String csm, String start) {
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, start_date) "
        + "VALUES ('" + id + "', 'Customer " + id + "', 10000, 'smb', 'na', '" + csm + "', 'C', 'c@" + id + ".com', "
        + (start == null ? "NULL" : "'" + start + "'") + ")");
  }

  private static void activated(String customer, String feature, String at) {
    db.execute("INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source) "
        + "VALUES ('" + customer + "', '" + feature + "', '" + feature + "', '" + at + "', 'first_use')");
  }

  private static void event(String customer, String type, String at) {
    db.execute("INSERT INTO usage_events (customer_id, user_id, event_type, occurred_at) VALUES ('" + customer
        + "', 'u1', '" + type + "', '" + at + "')");
  }

  private static void ticket(String id, String customer, String openedAt) {
    db.execute("INSERT INTO support_tickets (id, customer_id, subject, body, status, source, opened_at, "
        + "predicted_category, category_confidence, category_reason, category_source) VALUES ('" + id + "', '" + customer
        + "', 'help', 'body', 'open', 'api', '" + openedAt + "', 'how_to_question', 0.9, 'words', 'classifier')");
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void givenThePortfolio_onlyCustomersInTheirFirstThirtyDaysAreOnboarding_eachAtTheStepItStopped() {
    OnboardingReport.Report report = onboarding.compute(AS_OF, null);

    assertThat(report.customers()).extracting(CustomerOnboarding::customerId).containsExactly("n3", "n1", "n2", "n8", "n4");
    assertThat(report.customers()).extracting(CustomerOnboarding::dropOff).containsExactly(
        new DropOff(Step.WENT_QUIET, null), new DropOff(Step.FULLY_ACTIVATED, null),
        new DropOff(Step.NO_FIRST_VALUE, "key1"), new DropOff(Step.PARTIALLY_ACTIVATED, "key2"),
        new DropOff(Step.NO_LOGIN, null));
    assertThat(report.customers()).extracting(CustomerOnboarding::timeToFirstValueDays)
        .containsExactly(7, 3, null, 0, null);
    assertThat(report.customers()).extracting(c -> c.activationRate().toPlainString())
        .containsExactly("0.50", "1.00", "0.00", "0.50", "0.00");
    assertThat(report.customers()).extracting(CustomerOnboarding::tickets).containsExactly(1, 2, 0, 0, 0);
    CustomerOnboarding n1 = report.customers().get(1);
    assertThat(n1.daysInOnboarding()).isEqualTo(10);
    assertThat(n1.ticketsPerWeek()).isEqualByComparingTo("1.3"); // 2 tickets in 11 days
  }

  @Test
  void givenThePortfolio_theSummaryKeyFeaturesAndDropOffsAddUp() {
    OnboardingReport.Report report = onboarding.compute(AS_OF, null);

    assertThat(report.summary().customers()).isEqualTo(5);
    assertThat(report.summary().reachedFirstValue()).isEqualTo(3);
    assertThat(report.summary().medianTimeToFirstValueDays()).isEqualByComparingTo("3"); // 0, 3, 7
    assertThat(report.summary().averageActivationRate()).isEqualByComparingTo("0.40"); // (0.5+1+0+0.5+0)/5
    assertThat(report.summary().ticketsPerCustomerWeek()).isEqualByComparingTo("0.40"); // 3 tickets * 7 / 52 days
    assertThat(report.keyFeatures()).extracting(f -> f.featureId() + " " + f.activated() + " " + f.rate())
        .containsExactly("key1 2 0.40", "key2 2 0.40");
    assertThat(report.dropOffs()).containsExactly(Map.entry(Step.NO_LOGIN, 1), Map.entry(Step.NO_FIRST_VALUE, 1),
        Map.entry(Step.WENT_QUIET, 1), Map.entry(Step.PARTIALLY_ACTIVATED, 1), Map.entry(Step.FULLY_ACTIVATED, 1));
    assertThat(report.stoppedBeforeFeature()).containsExactly(Map.entry("key1", 1), Map.entry("key2", 1));
  }

  @Test
  void givenACsmsScope_onlyTheirCustomersCount() {
    OnboardingReport.Report report = onboarding.compute(AS_OF, List.of("omar"));
    assertThat(report.customers()).extracting(CustomerOnboarding::customerId).containsExactly("n8");
    assertThat(report.summary().medianTimeToFirstValueDays()).isEqualByComparingTo("0");
    assertThat(onboarding.compute(AS_OF, List.of()).customers()).isEmpty();
  }
}
