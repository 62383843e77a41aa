package io.vigil.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.ThemeTicket;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Themes group tickets about the same thing: on tickets whose groups a person decided, they find exactly those. */
class TicketThemesTest {

  @Test
  void givenTicketsOfKnownGroups_itFindsExactlyThoseGroups() {
    List<TicketTheme> themes = TicketThemes.of(ThemeFixture.tickets());

    Set<Set<String>> found = themes.stream()
        .map(t -> t.tickets().stream().map(ThemeTicket::id).collect(Collectors.toSet())).collect(Collectors.toSet());
    Set<Set<String>> expected = ThemeFixture.tickets().stream()
        .collect(Collectors.groupingBy(t -> ThemeFixture.group(t.id()), Collectors.mapping(ThemeTicket::id, Collectors.toSet())))
        .values().stream().collect(Collectors.toSet());
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void themesAreRankedByTicketsAndLabelledByTheirWeightiestWords() {
    List<TicketTheme> themes = TicketThemes.of(ThemeFixture.tickets());

    assertThat(themes.get(0).key()).isEqualTo("how_to_question/sched-1");
    assertThat(themes.get(0).terms()).contains("scheduled", "report");
    assertThat(themes.get(1).key()).isEqualTo("feature_request/scim-1");
    assertThat(themes.get(1).terms()).contains("scim", "provisioning");
    assertThat(themes.get(1).customers()).hasSize(4);
    assertThat(themes.get(1).totalArr()).isEqualByComparingTo("100000");
    assertThat(themes.get(1).quotes()).hasSize(3).allMatch(q -> q.length() <= TicketThemes.QUOTE_LENGTH);
    for (int i = 1; i < themes.size(); i++) {
      assertThat(themes.get(i).tickets().size()).isLessThanOrEqualTo(themes.get(i - 1).tickets().size());
    }
  }

  @Test
  void theSameTicketsInAnyOrderGiveTheSameThemes() {
    List<ThemeTicket> shuffled = new ArrayList<>(ThemeFixture.tickets());
    Collections.shuffle(shuffled, new Random(7));

    assertThat(TicketThemes.of(shuffled)).isEqualTo(TicketThemes.of(ThemeFixture.tickets()));
  }

  @Test
  void aThemeThatGrowsWithANewerTicketKeepsItsKey() {
    List<ThemeTicket> more = new ArrayList<>(ThemeFixture.tickets());
    more.add(new ThemeTicket("scim-5", "customer-9", "Customer 9", BigDecimal.ONE, "csm-1", "feature_request",
        "SCIM support", "We need SCIM provisioning for our identity provider.", Instant.parse("2026-11-20T00:00:00Z")));

    TicketTheme scim = TicketThemes.of(more).stream().filter(t -> t.terms().contains("scim")).findFirst().orElseThrow();
    assertThat(scim.key()).isEqualTo("feature_request/scim-1");
    assertThat(scim.tickets()).hasSize(5);
  }

  @Test
  void noTicketsNoThemes() {
    assertThat(TicketThemes.of(List.of())).isEmpty();
  }

  /** Thousands of tickets: the shipped labeled tickets, repeated with a varying word, in four categories. */
  @Test
  void speedOnThousandsOfTickets() {
    List<LabeledTicket> labeled = LabeledTickets.all();
    for (int size : new int[] {1_000, 5_000, 10_000}) {
      List<ThemeTicket> tickets = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        LabeledTicket t = labeled.get(i % labeled.size());
        tickets.add(new ThemeTicket("t-" + i, "c-" + (i % 300), "C", BigDecimal.TEN, "csm", t.category().wireName(),
            t.subject(), t.body() + " ref" + (i % 97), Instant.ofEpochSecond(1_700_000_000L + i)));
      }
      TicketThemes.of(tickets); // warm-up
      long start = System.nanoTime();
      List<TicketTheme> themes = TicketThemes.of(tickets);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("ticket themes: %,d tickets -> %,d themes in %,d ms%n", size, themes.size(), millis);
      assertThat(themes.stream().mapToInt(t -> t.tickets().size()).sum()).isEqualTo(size);
    }
  }

  @Test
  void wordsOfOneStemAreOneTerm() {
    assertThat(List.of("schedule", "scheduled", "scheduling").stream().map(TicketThemes::stem).distinct()).hasSize(1);
  }
}
