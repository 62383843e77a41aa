package io.vigil.activities.expansion;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.ExpansionFacts;
import io.vigil.infra.persistence.Sql;
import io.vigil.workflows.expansion.ExpansionEvidence;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The expansion rules at their boundaries, the figures read for the whole portfolio in one
 * statement against a real PostgreSQL: 89% and 90% of seats, 13 and 14 days, 29% and 30% growth.
 */
class ExpansionRuleTest {
  private static final LocalDate D = LocalDate.of(2026, 11, 18);
  private static final List<String> IDS = List.of("seats-90", "seats-89", "seats-13-days", "seats-gap", "seats-raised",
      "seats-history", "grow-30", "grow-29", "grow-tiny", "grow-partial", "no-usage");

  private static TestDatabase db;
  private static ExpansionFacts facts;
  private static final ExpansionRule rule = new ExpansionRule(Duration.ofDays(30));

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    facts = new ExpansionFacts(new Sql(db.dataSource()));
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah Chen', 'sarah@example.com', 'csm')");
    for (String id : IDS) {
      db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, seats) "
          + "VALUES ('" + id + "', '" + id + "', 50000, 'smb', 'na', 'sarah', 'C', 'c@example.com', 100)");
    }
    // 14 days D-13 .. D at 90% of 100 seats; one at 89%; one at 90% for 13 days only
    usage("seats-90", 13, 0, "90", "10");
    usage("seats-89", 13, 0, "89", "10");
    usage("seats-13-days", 13, 13, "80", "10");
    usage("seats-13-days", 12, 0, "90", "10");
    // a day without a rollup breaks the fourteen
    usage("seats-gap", 13, 8, "95", "10");
    usage("seats-gap", 6, 0, "95", "10");
    // 100 active users: 100% of 100 seats until D-6, then the customer bought 120 (83%)
    db.execute("INSERT INTO customer_account_history (customer_id, effective_on, arr, seats) VALUES "
        + "('seats-raised', DATE '2026-11-18' - 60, 50000, 100), ('seats-raised', DATE '2026-11-18' - 5, 60000, 120)");
    usage("seats-raised", 13, 0, "100", "10");
    // the account history's seats (50 from D-40) win over customers.seats (100) on the days they cover
    db.execute("INSERT INTO customer_account_history (customer_id, effective_on, arr, seats) VALUES "
        + "('seats-history', DATE '2026-11-18' - 40, 50000, 50)");
    usage("seats-history", 13, 0, "45", "10");
    // DAU 100 in weeks 7-8 before (D-55 .. D-42), 130 or 129 in the last two weeks; the weeks between do not count
    growth("grow-30", "100", "400", "130");
    growth("grow-29", "100", "400", "129");
    // from a baseline under 5 daily users, more than doubling is not yet an opportunity
    growth("grow-tiny", "4", "4", "10");
    // usage that began on D-45: four days of the baseline window (D-45 .. D-42), however low, are not two weeks
    usage("grow-partial", 45, 42, "1", "10");
    usage("grow-partial", 41, 0, "1", "20");
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void givenActiveUsersAtNinetyPercentOfSeatsForFourteenDays_theCustomerIsReady() {
    Map<String, List<String>> ready = ready();

    assertThat(ready.get("seats-90")).containsExactly(ExpansionEvidence.SEAT_UTILIZATION);
    assertThat(ready).doesNotContainKeys("seats-89", "seats-13-days", "seats-gap", "seats-raised", "no-usage");
    assertThat(ready.get("seats-history")).containsExactly(ExpansionEvidence.SEAT_UTILIZATION);
  }

  @Test
  void givenDailyUsersThirtyPercentAboveEightWeeksBefore_theCustomerIsReady() {
    Map<String, List<String>> ready = ready();

    assertThat(ready.get("grow-30")).containsExactly(ExpansionEvidence.USAGE_GROWTH);
    assertThat(ready).doesNotContainKeys("grow-29", "grow-tiny", "grow-partial");
  }

  @Test
  void theEvidenceSaysWhatWasMeasured() {
    Map<String, ExpansionFacts.Usage> usage = facts.usage(IDS, D, rule.windows());

    assertThat(rule.evidence(usage.get("seats-90"))).singleElement().satisfies(e -> {
      assertThat(e.summary()).isEqualTo("90 active users of 100 licensed seats (90% or more) on each of the last 14 days");
      assertThat(e.value()).isEqualTo(0.9);
      assertThat(e.threshold()).isEqualTo(0.9);
    });
    assertThat(rule.evidence(usage.get("grow-30"))).singleElement().satisfies(e -> {
      assertThat(e.summary()).isEqualTo(
          "daily active users up 30% over 8 weeks (100 a day in weeks 7-8 before, 130 in the last 2 weeks)");
      assertThat(e.value()).isEqualTo(0.3);
    });
    assertThat(usage.get("no-usage").fullSeatDays()).isZero();
    assertThat(usage.get("no-usage").dauNow()).isNull();
  }

  private static Map<String, List<String>> ready() {
    return facts.usage(IDS, D, rule.windows()).values().stream()
        .filter(u -> !rule.evidence(u).isEmpty())
        .collect(Collectors.toMap(ExpansionFacts.Usage::customerId,
            u -> rule.evidence(u).stream().map(ExpansionEvidence::rule).toList()));
  }

  /** Rollups of days D-{@code fromDaysBefore} .. D-{@code toDaysBefore} with that MAU and DAU. */
  private static void usage(String customerId, int fromDaysBefore, int toDaysBefore, String mau, String dau) {
    db.execute("INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, "
        + "sessions, events) SELECT '" + customerId + "', day, " + dau + ", " + dau + ", " + mau + ", 1, 1, 1, 1, 1 "
        + "FROM generate_series(DATE '2026-11-18' - " + fromDaysBefore + ", DATE '2026-11-18' - " + toDaysBefore
        + ", interval '1 day') AS day");
  }

  /** DAU {@code then} on D-55 .. D-42, {@code between} on D-41 .. D-14, {@code now} on D-13 .. D; MAU low. */
  private static void growth(String customerId, String then, String between, String now) {
    usage(customerId, 55, 42, "1", then);
    usage(customerId, 41, 14, "1", between);
    usage(customerId, 13, 0, "1", now);
  }
}
