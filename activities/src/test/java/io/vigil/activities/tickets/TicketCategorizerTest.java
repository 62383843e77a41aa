package io.vigil.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.TicketStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which predictions are offered to the refiner, how many, and what training is made of. */
class TicketCategorizerTest {
  private static final List<TicketStore.CorrectedText> NO_CORRECTIONS = List.of();

  @Test
  void onlyPredictionsBelowTheThresholdAreOffered_atMostTheLimitPerBatch() {
    List<String> offered = new ArrayList<>();
    CategoryRefiner refiner = (subject, body, p) -> {
      offered.add(subject);
      return Optional.of(new CategoryPrediction(TicketCategory.FEATURE_REQUEST, p.confidence(), p.decidingWords(),
          CategoryPrediction.LLM));
    };
    // every prediction is below 1.01, so every one is a candidate; the limit of 2 decides
    TicketCategorizer categorizer = new TicketCategorizer(store(NO_CORRECTIONS), refiner, 1.01, 2);
    List<CategoryPrediction> predictions = categorizer.categorize(List.of(
        new TicketCategorizer.Text("one", "The dashboard takes a minute to load"),
        new TicketCategorizer.Text("two", "How do I add a user to our workspace?"),
        new TicketCategorizer.Text("three", "Export gives error 500")));

    assertThat(offered).containsExactly("one", "two");
    assertThat(predictions).extracting(CategoryPrediction::source)
        .containsExactly(CategoryPrediction.LLM, CategoryPrediction.LLM, CategoryPrediction.CLASSIFIER);

    List<String> none = new ArrayList<>();
    new TicketCategorizer(store(NO_CORRECTIONS), (s, b, p) -> {
      none.add(s);
      return Optional.empty();
    }, 0.0, 20).categorize("four", "Some text");
    assertThat(none).as("nothing is below a confidence of 0").isEmpty();
  }

  @Test
  void givenCorrections_theNextTrainingLearnsFromThem() {
    String subject = "Quarterly zorblat ledger";
    String body = "The zorblat ledger needs a frobnication";
    List<TicketStore.CorrectedText> corrections = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      corrections.add(new TicketStore.CorrectedText("integration_question", subject + " " + i, body));
    }
    TicketCategorizer categorizer = new TicketCategorizer(store(corrections), null, 0.5, 20);

    TicketCategorizer.Trained trained = categorizer.retrain();

    assertThat(trained.corrected()).isEqualTo(12);
    assertThat(trained.shipped()).isEqualTo(LabeledTickets.all().size());
    assertThat(categorizer.categorize(subject, body).category()).isEqualTo(TicketCategory.INTEGRATION_QUESTION);
  }

  private static TicketStore store(List<TicketStore.CorrectedText> corrections) {
    return new TicketStore(null) {
      @Override
      public List<CorrectedText> correctedTexts() {
        return corrections;
      }
    };
  }
}
