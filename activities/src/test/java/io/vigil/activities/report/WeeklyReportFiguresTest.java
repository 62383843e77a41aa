package io.vigil.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vigil.activities.detection.TestDatabase;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.SurveyStore;
import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportStore;
import io.vigil.workflows.report.IsoWeek;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weekly report of 2026-W48 (Mon 23 to Sun 29 November) on a small portfolio whose every figure
 * is worked out by hand below, including the rows just outside the week that must not count.
 */
class WeeklyReportFiguresTest {
  private static final IsoWeek W48 = IsoWeek.parse("2026-W48").orElseThrow();
  /** Friday of W48, 15:00 UTC: when the schedule fires. */
  private static final Clock FRIDAY = Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneOffset.UTC);
  private static TestDatabase db;
  private static WeeklyReports reports;
  private static WeeklyReportStore store;

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    Sql sql = new Sql(db.dataSource());
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah', 'sarah@example.com', 'csm'),"
        + " ('maria', 'Maria', 'maria@example.com', 'manager')");
    // a 100k, b 50k, c 200k, d 10k, e 5k, f 1k
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES "
        + "('a', 'Acme', 100000, 'enterprise', 'na', 'sarah', 'C', 'c@a.com'),"
        + "('b', 'Bolt', 50000, 'mid-market', 'na', 'sarah', 'C', 'c@b.com'),"
        + "('c', 'Crane', 200000, 'enterprise', 'na', 'sarah', 'C', 'c@c.com'),"
        + "('d', 'Dune', 10000, 'smb', 'na', 'sarah', 'C', 'c@d.com'),"
        + "('e', 'Echo', 5000, 'smb', 'na', 'sarah', 'C', 'c@e.com'),"
        + "('f', 'Fjord', 1000, 'smb', 'na', 'sarah', 'C', 'c@f.com')");
    // W47: a green, b yellow, c red, f green. W48 (newest day counts): a green then red, b yellow
    // declining, c green, d yellow stable, e unscored; f has no W48 day and is not counted.
    db.execute("INSERT INTO customer_health (customer_id, as_of, score, band, trend, components, most_impactful) VALUES "
        + "('a', '2026-11-20', 85, 'green', 'stable', '{}', null),"
        + "('b', '2026-11-20', 60, 'yellow', 'stable', '{}', null),"
        + "('c', '2026-11-20', 30, 'red', 'declining', '{}', null),"
        + "('f', '2026-11-22', 90, 'green', 'stable', '{}', null),"
        + "('a', '2026-11-24', 82, 'green', 'stable', '{}', null),"
        + "('a', '2026-11-26', 40, 'red', 'declining', '{}', 'active users fell 60% below baseline'),"
        + "('b', '2026-11-26', 55, 'yellow', 'declining', '{}', 'logins fell'),"
        + "('c', '2026-11-25', 85, 'green', 'improving', '{}', null),"
        + "('d', '2026-11-26', 70, 'yellow', 'stable', '{}', null),"
        + "('e', '2026-11-26', null, null, null, '{}', null),"
        + "('c', '2026-11-30', 20, 'red', 'declining', '{}', 'next week')");
    db.execute("INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata, created_at) VALUES "
        + "('s1', 'a', 'at_risk', 'high', '{}', '2026-11-25T10:00:00Z'),"
        + "('s2', 'b', 'at_risk', 'high', '{}', '2026-11-20T10:00:00Z'),"
        + "('s3', 'a', 'churn_risk', 'high', '{\"reason\": \"usage fell 55%\"}', '2026-11-24T10:00:00Z'),"
        + "('s4', 'a', 'churn_risk', 'critical', '{\"reason\": \"cancellation request\"}', '2026-11-27T09:00:00Z'),"
        + "('s5', 'c', 'churn_risk', 'high', '{\"reason\": \"next week\"}', '2026-11-30T00:00:00Z'),"
        + "('s6', 'd', 'expansion_opportunity', 'positive', '{\"summary\": \"seats at 95%\"}', '2026-11-26T08:00:00Z'),"
        // written on Monday of W49 from Friday's data (W48), and in W48 from W47's data: each counts in its data's week
        + "('s7', 'b', 'churn_risk', 'high', '{\"reason\": \"downgrade request\", \"asOf\": \"2026-11-29\"}', "
        + "'2026-11-30T06:00:00Z'),"
        + "('s8', 'd', 'churn_risk', 'high', '{\"reason\": \"old news\", \"asOf\": \"2026-11-22\"}', '2026-11-24T06:00:00Z')");
    // W48: bug_report a, a, c; feature_request b (SSO), d (Export). W47: bug_report a; feature_request c, d.
    // Opened at Monday 30 00:00 belongs to W49.
    ticket("t1", "a", "bug_report", "2026-11-23T00:00:00Z", "Crash on save");
    ticket("t2", "a", "bug_report", "2026-11-24T12:00:00Z", "Crash on load");
    ticket("t3", "c", "bug_report", "2026-11-29T23:59:59Z", "Wrong totals");
    ticket("t4", "b", "feature_request", "2026-11-25T12:00:00Z", "SSO with Okta");
    ticket("t5", "d", "feature_request", "2026-11-26T12:00:00Z", "Export to CSV");
    ticket("t6", "a", "bug_report", "2026-11-18T12:00:00Z", "Old crash");
    ticket("t7", "c", "feature_request", "2026-11-17T12:00:00Z", "Old idea");
    ticket("t8", "d", "feature_request", "2026-11-18T12:00:00Z", "Old idea 2");
    ticket("t9", "a", "bug_report", "2026-11-30T00:00:00Z", "Next week");
    // W48 NPS: 10, 9, 8, 3 (2 promoters, 1 passive, 1 detractor: 25.0); 0 on Nov 10 joins the 90 days
    // (5 responses, 2 detractors: 0.0); Nov 30 is outside both
    db.execute("INSERT INTO survey_responses (id, customer_id, contact_email, type, score, responded_at) VALUES "
        + "('n1', 'a', 'x@a.com', 'nps', 10, '2026-11-23T09:00:00Z'),"
        + "('n2', 'b', 'x@b.com', 'nps', 9, '2026-11-24T09:00:00Z'),"
        + "('n3', 'c', 'x@c.com', 'nps', 8, '2026-11-25T09:00:00Z'),"
        + "('n4', 'd', 'x@d.com', 'nps', 3, '2026-11-26T09:00:00Z'),"
        + "('n5', 'a', 'y@a.com', 'nps', 0, '2026-11-10T09:00:00Z'),"
        + "('n6', 'a', 'z@a.com', 'nps', 0, '2026-11-30T09:00:00Z')");
    WeeklyReportFigures figures = new WeeklyReportFigures(sql);
    store = new WeeklyReportStore(sql);
    // given out of order: the report orders sections by their order()
    List<WeeklyReportSection> sections = new ArrayList<>(List.of(new NpsSection(new SurveyStore(sql)),
        new TicketsSection(figures), new ExpansionSection(figures), new ChurnRiskSection(figures),
        new AtRiskSection(figures), new HealthDistributionSection(figures)));
    reports = new WeeklyReports(sections, store, figures,
        JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build(), FRIDAY);
  }

  private static void ticket(String id, String customer, String category, String openedAt, String subject) {
    db.execute("INSERT INTO support_tickets (id, customer_id, subject, body, status, source, opened_at, "
        + "predicted_category, category_confidence, category_reason, category_source) VALUES ('" + id + "', '" + customer
        + "', '" + subject + "', 'body', 'open', 'api', '" + openedAt + "', '" + category + "', 0.9, 'words', 'classifier')");
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static JsonNode report() {
    return reports.compute(W48).content();
  }

  @Test
  void givenTheWeek_theHealthDistributionCountsEachCustomersNewestDay_besideLastWeek() {
    JsonNode health = report().at("/sections/health");
    assertThat(health.at("/thisWeek").toString()).isEqualTo("{\"green\":1,\"yellow\":2,\"red\":1,\"unscored\":1}");
    assertThat(health.at("/lastWeek").toString()).isEqualTo("{\"green\":2,\"yellow\":1,\"red\":1,\"unscored\":0}");
    assertThat(health.at("/change").toString()).isEqualTo("{\"green\":-1,\"yellow\":1,\"red\":0,\"unscored\":1}");
  }

  @Test
  void givenRedAndYellowDecliningCustomers_theyRequireAction_largestArrFirst_escalatedWhenSignalledThisWeek() {
    JsonNode atRisk = report().at("/sections/atRisk");
    assertThat(atRisk.get("total").asInt()).isEqualTo(2);
    assertThat(atRisk.get("arr").decimalValue()).isEqualByComparingTo("150000");
    assertThat(atRisk.get("customers")).extracting(c -> c.get("customerId").asText()).containsExactly("a", "b");
    assertThat(atRisk.at("/customers/0/escalated").asBoolean()).isTrue();
    assertThat(atRisk.at("/customers/0/reason").asText()).isEqualTo("active users fell 60% below baseline");
    assertThat(atRisk.at("/customers/1/escalated").asBoolean()).as("b's signal is of the week before").isFalse();
  }

  @Test
  void givenSignalsOfTheWeek_churnRisksAndExpansionListTheNewestPerCustomer() {
    JsonNode sections = report().get("sections");
    JsonNode churn = sections.get("churnRisks");
    assertThat(churn.get("total").asInt()).isEqualTo(2);
    assertThat(churn.at("/customers/0/customerId").asText()).isEqualTo("a");
    assertThat(churn.at("/customers/0/reason").asText()).isEqualTo("cancellation request");
    assertThat(churn.at("/customers/0/signalledAt").asText()).isEqualTo("2026-11-27T09:00:00Z");
    assertThat(churn.at("/customers/1/customerId").asText()).isEqualTo("b");
    JsonNode expansion = sections.get("expansionOpportunities");
    assertThat(expansion.get("total").asInt()).isEqualTo(1);
    assertThat(expansion.get("arr").decimalValue()).isEqualByComparingTo("10000");
    assertThat(expansion.at("/customers/0/reason").asText()).isEqualTo("seats at 95%");
  }

  @Test
  void givenSignalsWrittenAfterTheirDataDay_eachCountsInTheWeekOfItsData_notOfItsWriting() {
    JsonNode churn = report().at("/sections/churnRisks");
    assertThat(churn.get("customers")).extracting(c -> c.get("customerId").asText())
        .as("b's downgrade of Sunday 29 written on Monday 30 is W48's; d's of W47 written in W48 is not; c's has no "
            + "data day and was written in W49")
        .containsExactly("a", "b");
    assertThat(churn.at("/customers/1/reason").asText()).isEqualTo("downgrade request");
    assertThat(reports.compute(W48.previous()).content().at("/sections/churnRisks/customers"))
        .extracting(c -> c.get("customerId").asText()).containsExactly("d");
  }

  @Test
  void givenTheWeeksTickets_categoriesRankByCount_withTheWeekBefore_andFeatureRequestsCarryTheirCustomer() {
    JsonNode tickets = report().at("/sections/tickets");
    assertThat(tickets.at("/categories/0/category").asText()).isEqualTo("bug_report");
    assertThat(tickets.at("/categories/0/tickets").asInt()).isEqualTo(3);
    assertThat(tickets.at("/categories/0/customers").asInt()).isEqualTo(2);
    assertThat(tickets.at("/categories/0/arr").decimalValue()).isEqualByComparingTo("300000");
    assertThat(tickets.at("/categories/0/previousTickets").asInt()).isEqualTo(1);
    assertThat(tickets.at("/categories/1/category").asText()).isEqualTo("feature_request");
    assertThat(tickets.at("/categories/1/tickets").asInt()).isEqualTo(2);
    assertThat(tickets.at("/categories/1/previousTickets").asInt()).isEqualTo(2);
    assertThat(tickets.get("categories")).hasSize(2);
    assertThat(tickets.get("featureRequests")).extracting(r -> r.get("subject").asText())
        .containsExactly("SSO with Okta", "Export to CSV");
    assertThat(tickets.at("/featureRequests/0/customerName").asText()).isEqualTo("Bolt");
    assertThat(tickets.at("/featureRequests/0/segment").asText()).isEqualTo("mid-market");
  }

  @Test
  void givenTheWeeksSurveys_npsIsThatOfTheInsightsStatement_forTheWeekAndTheNinetyDaysToItsEnd() {
    JsonNode nps = report().at("/sections/nps");
    assertThat(nps.at("/week/responses").asInt()).isEqualTo(4);
    assertThat(nps.at("/week/detractors").asInt()).isEqualTo(1);
    assertThat(nps.at("/week/nps").decimalValue()).isEqualByComparingTo("25.0");
    assertThat(nps.at("/last90Days/responses").asInt()).isEqualTo(5);
    assertThat(nps.at("/last90Days/nps").decimalValue()).isEqualByComparingTo("0.0");
  }

  @Test
  void givenEveryRule_thePrioritiesComeByRuleThenArr_eachCustomerOnce_atMostFive() {
    JsonNode priorities = report().get("priorities");
    // a is a churn risk (rule 1) and red escalated (rule 3): listed once, under rule 1; b, yellow and
    // declining (rule 4), is a churn risk too
    assertThat(priorities).extracting(p -> p.get("rule").asInt()).containsExactly(1, 1, 5, 6, 7);
    assertThat(priorities).extracting(p -> p.get("text").asText()).containsExactly(
        "Save Acme ($100,000 ARR): churn risk, cancellation request",
        "Save Bolt ($50,000 ARR): churn risk, downgrade request",
        "Open an expansion conversation with Dune ($10,000 ARR): seats at 95%",
        "Look into bug reports: 3 tickets from 2 customers this week, 1 the week before",
        "Follow up with this week's 1 NPS detractor");
  }

  @Test
  void givenTheTexts_slackHasItsMarkup_andTheEmailNone() {
    WeeklyReports.Report report = reports.compute(W48);
    assertThat(report.slackText()).startsWith("*Customer health weekly report 2026-W48 (Nov 23 to Nov 29)*")
        .contains("• Green: 1 (-1 from last week)").contains("*Recommended priorities for next week*");
    assertThat(report.emailText()).startsWith("Customer health weekly report 2026-W48 (Nov 23 to Nov 29)")
        .contains("- Green: 1 (-1 from last week)").contains("RECOMMENDED PRIORITIES FOR NEXT WEEK")
        .doesNotContain("*").doesNotContain("•").doesNotContain("&amp;");
  }

  @Test
  void givenTwoCompilations_theFirstIsStoredAndTheSecondAnswersIt_evenAfterTheFiguresChanged() {
    IsoWeek w47 = W48.previous();
    WeeklyReports.Compiled first = reports.compile(w47, "weekly-report/2026-W47");
    db.execute("INSERT INTO customer_health (customer_id, as_of, score, band, trend, components) "
        + "VALUES ('d', '2026-11-21', 20, 'red', 'declining', '{}')");
    WeeklyReports.Compiled second = reports.compile(w47, "weekly-report/2026-W47");
    db.execute("DELETE FROM customer_health WHERE customer_id = 'd' AND as_of = '2026-11-21'");

    assertThat(first.computedNow()).isTrue();
    assertThat(second.computedNow()).isFalse();
    assertThat(second.report().content()).isEqualTo(first.report().content());
    assertThat(second.report().content().get("sections").fieldNames()).as("as stored, in the sections' order")
        .toIterable().containsExactly("health", "atRisk", "churnRisks", "expansionOpportunities", "tickets", "nps");
    assertThat(second.report().content().at("/sections/health/thisWeek/red").asInt()).isEqualTo(1);
    assertThat(store.find("2026-W47")).isPresent();
  }

  @Test
  void givenAWeekNotBegun_itIsNeitherCompiledNorPreviewed_andAWeekWithoutScoresHasNoPreview() {
    IsoWeek next = IsoWeek.parse("2026-W49").orElseThrow();
    assertThatThrownBy(() -> reports.compile(next, "weekly-report/2026-W49")).hasMessageContaining("has not begun");
    assertThat(reports.preview(next)).isEmpty();
    assertThat(reports.preview(IsoWeek.parse("2026-W30").orElseThrow())).isEmpty();
    assertThat(reports.preview(W48)).get().extracting(WeeklyReports.Report::stored).isEqualTo(false);
    assertThat(store.find("2026-W48")).as("a preview stores nothing").isEmpty();
  }
}
