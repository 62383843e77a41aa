package io.vigil.activities.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.activities.tickets.TicketTheme;
import io.vigil.infra.persistence.EscalationVersion;
import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The thresholds at their boundaries: 2 vs 3 requests, $99,999 vs $100,001 combined ARR, 4 vs 5 how-to questions. */
class EscalationFindingsTest {

  @Test
  void givenTwoFeatureRequestsFromCustomersWith99999Arr_itIsNoProductGap() {
    assertThat(EscalationFindings.of(List.of(theme("feature_request", "49999.50", "49999.50")))).isEmpty();
  }

  @Test
  void givenThreeFeatureRequests_itIsAProductGap_withRiceInputs() {
    List<EscalationVersion> found = EscalationFindings.of(List.of(theme("feature_request", "1000", "1000", "1000")));

    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.type()).isEqualTo("product_gap");
      assertThat(v.ticketIds()).hasSize(3);
      assertThat(v.customers()).isEqualTo(3);
      assertThat(v.totalArr()).isEqualByComparingTo("3000");
      assertThat(v.details().rice().reach()).isEqualTo(3);
      assertThat(v.details().rice().impact()).isEqualTo(0.5);
      assertThat(v.details().rice().confidence()).isEqualTo(0.8);
      assertThat(v.details().customers()).extracting(c -> c.id()).containsExactly("c-0", "c-1", "c-2");
    });
  }

  @Test
  void givenTwoFeatureRequestsFromCustomersWith100001Arr_itIsAProductGap() {
    List<EscalationVersion> found = EscalationFindings.of(List.of(theme("feature_request", "50000.50", "50000.50")));

    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.type()).isEqualTo("product_gap");
      assertThat(v.details().rice().impact()).isEqualTo(2.0);
      assertThat(v.details().rice().confidence()).isEqualTo(0.5);
    });
  }

  @Test
  void aCustomerAskingTwiceCountsItsArrOnce() {
    TicketTheme sameCustomer = new TicketTheme("feature_request/t-0", "feature_request", List.of("scim"),
        List.of(ticket(0, "c-0", "60000", "feature_request"), ticket(1, "c-0", "60000", "feature_request")), List.of());

    assertThat(EscalationFindings.of(List.of(sameCustomer))).isEmpty();
  }

  @Test
  void givenFourHowToQuestionsOnATopic_itIsNoDocsGap_andFive_itIs() {
    assertThat(EscalationFindings.of(List.of(theme("how_to_question", "1", "1", "1", "1")))).isEmpty();

    List<EscalationVersion> found = EscalationFindings.of(List.of(theme("how_to_question", "1", "1", "1", "1", "1")));
    assertThat(found).singleElement().satisfies(v -> {
      assertThat(v.type()).isEqualTo("docs_gap");
      assertThat(v.details().confusionPoints()).contains("How do I do thing 0?").hasSizeLessThanOrEqualTo(5);
      assertThat(v.details().suggestedImprovements()).isNotEmpty();
    });
  }

  @Test
  void everyBugIsAnEngineeringEscalation_prioritizedByItsImpact() {
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "1000"))).get(0).priority()).isEqualTo("P4");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "25000"))).get(0).priority()).isEqualTo("P3");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "1", "1"))).get(0).priority()).isEqualTo("P3");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "99999.99"))).get(0).priority()).isEqualTo("P3");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "100000"))).get(0).priority()).isEqualTo("P2");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "1", "1", "1"))).get(0).priority()).isEqualTo("P2");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "250000"))).get(0).priority()).isEqualTo("P1");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "1", "1", "1", "1", "1"))).get(0).priority())
        .isEqualTo("P1");
    assertThat(EscalationFindings.of(List.of(theme("bug_report", "1000"))).get(0).details().impact())
        .isEqualTo("1 customer with $1000 combined ARR reported it in 1 ticket: P4");
  }

  @Test
  void otherCategoriesAreNotEscalated() {
    assertThat(EscalationFindings.of(List.of(theme("usability_issue", "900000", "1", "1", "1", "1", "1")))).isEmpty();
  }

  /** A theme of one ticket per given ARR, each from its own customer. */
  private static TicketTheme theme(String category, String... arrs) {
    List<ThemeTicket> tickets = new ArrayList<>();
    for (int i = 0; i < arrs.length; i++) {
      tickets.add(ticket(i, "c-" + i, arrs[i], category));
    }
    return new TicketTheme(category + "/t-0", category, List.of("thing"), tickets, List.of("quote"));
  }

  private static ThemeTicket ticket(int i, String customerId, String arr, String category) {
    return new ThemeTicket("t-" + i, customerId, "Customer " + customerId, new BigDecimal(arr), "csm-1", category,
        "How do I do thing " + i + "?", "I tried the settings. Where is it?", Instant.ofEpochSecond(1_700_000_000L + i));
  }
}
