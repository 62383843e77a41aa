package io.vigil.activities.expansion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.infra.persistence.Sql;
import io.vigil.workflows.expansion.ExpansionEvidence;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The third expansion rule at its boundaries, read for the whole portfolio in one statement against
 * a real PostgreSQL: a feature of a plan above the customer's used by 5 users a day on 8 of the last
 * 14 days is an opportunity; 7 days, 4 users, a day outside the window, the customer's own plan or a
 * plan that is not a tier is not.
 */
class FeatureAbovePlanRuleTest {
  private static final LocalDate D = LocalDate.of(2026, 11, 18);
  private static TestDatabase db;
  private static ExpansionFacts facts;
  private static final ExpansionRule rule = new ExpansionRule(Duration.ofDays(30));

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    facts = new ExpansionFacts(new Sql(db.dataSource()));
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    db.execute("INSERT INTO feature_catalog (feature_id, feature_name, plan) VALUES "
        + "('adv', 'Advanced Reports', 'enterprise'), ('sso', 'Single sign-on', 'growth'), ('basic', 'Dashboards', null)");
    customer("on-8-days", "growth");
    customer("on-7-days", "growth");
    customer("by-4-users", "growth");
    customer("one-day-early", "growth");
    customer("varying", "growth");
    customer("own-plan", " Enterprise ");
    customer("starter-sso", "Starter");
    customer("not-a-tier", "legacy-2019");
    customer("no-plan", null);
    customer("plan-free", "starter");
    // 5 users on D-7 .. D: 8 days, the least heavy use
    use("on-8-days", "adv", 7, 0, 5);
    use("on-7-days", "adv", 6, 0, 5);
    // 4 users every day of the window: a small team is not heavy use
    use("by-4-users", "adv", 13, 0, 4);
    // 8 days, but the first of them is D-14, outside the 14 days D-13 .. D
    use("one-day-early", "adv", 14, 7, 5);
    // 11 days with 6 to 9 users, and 3 days with 2 users that are not heavy
    use("varying", "adv", 13, 11, 2);
    use("varying", "adv", 10, 8, 6);
    use("varying", "adv", 7, 4, 9);
    use("varying", "adv", 3, 0, 7);
    use("own-plan", "adv", 13, 0, 20);
    use("starter-sso", "sso", 9, 0, 5);
    use("starter-sso", "adv", 9, 0, 5);
    use("not-a-tier", "adv", 13, 0, 20);
    use("no-plan", "adv", 13, 0, 20);
    use("plan-free", "basic", 13, 0, 20);
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void givenAFeatureAboveThePlanUsedByFiveUsersOnEightOfFourteenDays_theCustomerIsReady() {
    Map<String, List<ExpansionEvidence>> ready = ready();

    assertThat(ready).containsOnlyKeys("on-8-days", "varying", "starter-sso");
    assertThat(ready.get("on-8-days")).singleElement().satisfies(e -> {
      assertThat(e.rule()).isEqualTo(ExpansionEvidence.FEATURE_ABOVE_PLAN);
      assertThat(e.summary()).isEqualTo(
          "used Advanced Reports on 8 of the last 14 days by 5 users a day: it is in the enterprise plan, they are on growth");
      assertThat(e.value()).isEqualTo(8);
      assertThat(e.threshold()).isEqualTo(8);
    });
  }

  @Test
  void givenHeavyDaysAmongLightOnes_onlyTheHeavyCount_withTheirRangeOfUsers() {
    assertThat(ready().get("varying")).singleElement().extracting(ExpansionEvidence::summary).isEqualTo(
        "used Advanced Reports on 11 of the last 14 days by 6 to 9 users a day: it is in the enterprise plan, they are on growth");
  }

  @Test
  void givenAStarterCustomerUsingAGrowthAndAnEnterpriseFeature_bothAreEvidence_mostDaysFirst() {
    assertThat(ready().get("starter-sso")).extracting(ExpansionEvidence::summary).containsExactly(
        "used Advanced Reports on 10 of the last 14 days by 5 users a day: it is in the enterprise plan, they are on starter",
        "used Single sign-on on 10 of the last 14 days by 5 users a day: it is in the growth plan, they are on starter");
  }

  @Test
  void givenOtherTiers_theOrderIsTheirs() {
    // growth below starter: a starter customer using a growth feature is above it, not below
    ExpansionRule reversed = new ExpansionRule(Duration.ofDays(30), new PlanTiers("growth, starter,enterprise"));
    assertThat(reversed.evidence(rule.featureUse(facts, List.of("starter-sso"), D).get("starter-sso")))
        .singleElement().extracting(ExpansionEvidence::summary).asString()
        .startsWith("used Advanced Reports on 10 of the last 14 days");
    assertThatThrownBy(() -> new PlanTiers("starter,growth,Starter")).hasMessageContaining("each plan once");
    assertThatThrownBy(() -> new PlanTiers("starter,,enterprise")).hasMessageContaining("each plan once");
    assertThat(new PlanTiers(PlanTiers.DEFAULT_TIERS).tier(" GROWTH ")).contains("growth");
  }

  private static Map<String, List<ExpansionEvidence>> ready() {
    List<String> ids = List.of("on-8-days", "on-7-days", "by-4-users", "one-day-early", "varying", "own-plan",
        "starter-sso", "not-a-tier", "no-plan", "plan-free");
    Map<String, List<ExpansionEvidence>> ready = new TreeMap<>();
    rule.featureUse(facts, ids, D).forEach((id, uses) -> {
      List<ExpansionEvidence> evidence = rule.evidence(uses);
      if (!evidence.isEmpty()) {
        ready.put(id, evidence);
      }
    });
    return ready;
  }

  private static void customer(String id, String plan) {
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, plan) "
        + "VALUES ('" + id + "', '" + id + "', 50000, 'smb', 'na', 'sarah', 'C', 'c@example.com', "
        + (plan == null ? "null" : "'" + plan + "'") + ")");
  }

  /** The feature's daily rollups on D-{@code fromDaysBefore} .. D-{@code toDaysBefore}, {@code users} users a day. */
  private static void use(String customerId, String featureId, int fromDaysBefore, int toDaysBefore, int users) {
    db.execute("INSERT INTO feature_usage_metrics (customer_id, metric_date, feature_id, uses, users) SELECT '"
        + customerId + "', day, '" + featureId + "', " + (users * 3) + ", " + users
        + " FROM generate_series(DATE '2026-11-18' - " + fromDaysBefore + ", DATE '2026-11-18' - " + toDaysBefore
        + ", interval '1 day') AS day");
  }
}
