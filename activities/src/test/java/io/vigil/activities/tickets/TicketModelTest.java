package io.vigil.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a prediction says about itself: the words that decided it, and how long it takes. */
class TicketModelTest {
  private static TicketModel model;

  @BeforeAll
  static void train() {
    model = TicketModel.train(LabeledTickets.split().training());
  }

  @Test
  void theReasonNamesTheWordsThatCarriedTheDecision() {
    CategoryPrediction p = model.classify("Reports painfully slow",
        "Since the upgrade every report takes minutes to load and the page often times out.");

    assertThat(p.category()).isEqualTo(TicketCategory.PERFORMANCE_ISSUE);
    assertThat(p.confidence()).isBetween(0.0, 1.0);
    assertThat(p.decidingWords()).isNotEmpty().hasSizeLessThanOrEqualTo(TicketModel.REASON_WORDS)
        .containsAnyOf("slow", "minutes", "load", "times");
    assertThat(p.reason()).isEqualTo(String.join(", ", p.decidingWords()));
    assertThat(p.source()).isEqualTo(CategoryPrediction.CLASSIFIER);
  }

  @Test
  void aNearlyCertainPredictionStillNamesTheWordsItRestsOn() {
    CategoryPrediction p = model.classify("Dashboards take almost a minute to load",
        "Since last week our main dashboard takes 40-50 seconds to load for everyone on the team. It used to be instant.");

    assertThat(p.category()).isEqualTo(TicketCategory.PERFORMANCE_ISSUE);
    assertThat(p.confidence()).isGreaterThan(0.99);
    assertThat(p.decidingWords()).isNotEmpty().containsAnyOf("load", "seconds", "takes", "minute");
  }

  @Test
  void aTextWithoutWordsTheModelKnowsStillGetsACategory_andSaysNoWordStoodOut() {
    CategoryPrediction p = model.classify("zzqx", "qqvv wwpt");

    assertThat(p.category()).isNotNull();
    assertThat(p.decidingWords()).isEmpty();
    assertThat(p.reason()).contains("no word stood out");
  }

  /** docs/insights.md records the figure this prints. */
  @Test
  void classifyingTheHeldOutTicketsTakesMillisecondsEach() {
    List<LabeledTicket> heldOut = LabeledTickets.split().heldOut();
    heldOut.forEach(t -> model.classify(t.subject(), t.body()));
    long started = System.nanoTime();
    int rounds = 5;
    for (int r = 0; r < rounds; r++) {
      heldOut.forEach(t -> model.classify(t.subject(), t.body()));
    }
    double perTicketMs = (System.nanoTime() - started) / 1e6 / (rounds * heldOut.size());
    System.out.printf("classification with reasons: %.2f ms per ticket%n", perTicketMs);
    assertThat(perTicketMs).as("ms per ticket").isLessThan(50);
  }
}
