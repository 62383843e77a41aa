package io.vigil.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.detection.TestDatabase;
import io.vigil.activities.tickets.ThemeFinder;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.ThemeTickets;
import io.vigil.workflows.report.IsoWeek;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The weekly report's top ticket themes: the week's tickets grouped as the themes API groups them,
 * themes of one ticket left out, most tickets first, each with its customers and their ARR.
 */
class TicketThemesSectionTest {
  private static final IsoWeek W48 = IsoWeek.parse("2026-W48").orElseThrow();
  private static TestDatabase db;
  private static TicketThemesSection section;

  @BeforeAll
  static void portfolio() {
    db = new TestDatabase();
    Sql sql = new Sql(db.dataSource());
    db.execute("INSERT INTO users (id, name, email, role) VALUES ('sarah', 'Sarah', 'sarah@example.com', 'csm')");
    db.execute("INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email) VALUES "
        + "('a', 'Acme', 100000, 'enterprise', 'na', 'sarah', 'C', 'c@a.com'),"
        + "('b', 'Bolt', 50000, 'mid-market', 'na', 'sarah', 'C', 'c@b.com'),"
        + "('c', 'Crane', 200000, 'enterprise', 'na', 'sarah', 'C', 'c@c.com')");
    // W48: SCIM asked by three customers (one of them twice), a crash on save twice by Acme, one dark mode
    // request; the week before and the week after, more SCIM that does not count
    ticket("s1", "a", "feature_request", "2026-11-23T09:00:00Z", "Please add SCIM provisioning",
        "We need SCIM provisioning so users are created automatically from Azure AD.");
    ticket("s2", "b", "feature_request", "2026-11-24T09:00:00Z", "SCIM provisioning for Okta",
        "Could you support SCIM provisioning from Okta for our users?");
    ticket("s3", "c", "feature_request", "2026-11-25T09:00:00Z", "SCIM user provisioning",
        "Our security team requires SCIM provisioning of users before the rollout.");
    ticket("s4", "c", "feature_request", "2026-11-29T23:59:00Z", "SCIM provisioning still needed",
        "Any news on SCIM provisioning of users?");
    ticket("e1", "a", "bug_report", "2026-11-24T10:00:00Z", "Error 500 when saving a dashboard",
        "Saving a dashboard fails with error 500.");
    ticket("e2", "a", "bug_report", "2026-11-26T10:00:00Z", "Error 500 saving dashboard again",
        "The dashboard save error 500 is back.");
    ticket("d1", "b", "feature_request", "2026-11-26T11:00:00Z", "Add a dark mode",
        "Our analysts would love a dark theme.");
    ticket("old", "a", "feature_request", "2026-11-20T09:00:00Z", "SCIM provisioning please",
        "SCIM provisioning of users from Azure AD.");
    ticket("next", "b", "feature_request", "2026-11-30T00:00:00Z", "SCIM provisioning, again",
        "SCIM provisioning of users from Okta.");
    section = new TicketThemesSection(new ThemeFinder(new ThemeTickets(sql)));
  }

  private static void ticket(String id, String customer, String category, String openedAt, String subject, String body) {
    db.execute("INSERT INTO support_tickets (id, customer_id, subject, body, status, source, opened_at, "
        + "predicted_category, category_confidence, category_reason, category_source) VALUES ('" + id + "', '" + customer
        + "', '" + subject + "', '" + body + "', 'open', 'api', '" + openedAt + "', '" + category
        + "', 0.9, 'words', 'classifier')");
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void givenTheWeeksTickets_theThemesOfTwoOrMoreComeMostTicketsFirst_withTheirCustomersAndArr() {
    SectionResult result = section.compute(W48);
    TicketThemesSection.Themes content = (TicketThemesSection.Themes) result.content();

    assertThat(content.tickets()).as("the week's tickets, not the week before's or after's").isEqualTo(7);
    assertThat(content.themes()).extracting(TicketThemesSection.Theme::key)
        .as("dark mode, one ticket, is no theme").containsExactly("feature_request/s1", "bug_report/e1");
    TicketThemesSection.Theme scim = content.themes().get(0);
    assertThat(scim.tickets()).isEqualTo(4);
    assertThat(scim.customerCount()).isEqualTo(3);
    assertThat(scim.arr()).isEqualByComparingTo("350000");
    assertThat(scim.customers()).extracting(TicketThemesSection.Customer::name).containsExactly("Acme", "Bolt", "Crane");
    assertThat(scim.theme()).containsIgnoringCase("scim");
    assertThat(result.text().lines().get(0)).endsWith("(feature request): 4 tickets from 3 customers ($350,000 ARR): "
        + "Acme ($100,000), Bolt ($50,000), Crane ($200,000)");
    assertThat(result.text().lines().get(1)).endsWith("(bug report): 2 tickets from 1 customer ($100,000 ARR): Acme ($100,000)");
  }

  @Test
  void givenAWeekWithoutTickets_theSectionSaysSo() {
    SectionResult result = section.compute(IsoWeek.parse("2026-W30").orElseThrow());

    assertThat(((TicketThemesSection.Themes) result.content()).themes()).isEmpty();
    assertThat(result.text().lines()).isEmpty();
    assertThat(result.text().empty()).isEqualTo("No two tickets about the same thing this week.");
    assertThat(result.priorities()).isEqualTo(List.of());
  }
}
