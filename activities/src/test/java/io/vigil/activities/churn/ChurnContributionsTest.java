package io.vigil.activities.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.activities.churn.ChurnContributions.Contribution;
import io.vigil.activities.churn.ChurnContributions.Explanation;
import io.vigil.activities.churn.ChurnTrainingResult.Trained;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChurnContributionsTest {
  static final SyntheticChurn HISTORY = SyntheticChurn.generate(800, 21);
  static ChurnModel model;
  static float[][] rows;

  @BeforeAll
  static void train() {
    model = ((Trained) HISTORY.train(new ChurnTrainer(ChurnTrainingSettings.defaults()), ChurnTrainerTest.CUTOFF))
        .model();
    rows = Arrays.copyOfRange(HISTORY.features(), 0, 400);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void eachRowsContributionsAndBias_sumToItsLogOdds_andGiveItsProbability() {
    List<Explanation> explanations = new ChurnContributions(model, new ChurnContributionTexts()).explain(rows);
    double[] margins = model.margins(rows);
    double[] probabilities = model.probabilities(rows);
    for (int r = 0; r < rows.length; r++) {
      Explanation e = explanations.get(r);
      double sum = e.bias() + e.contributions().stream().mapToDouble(Contribution::effect).sum();
      // float arithmetic in XGBoost: the sum is the margin to a few parts in a million
      assertThat(sum).as("row %d", r).isCloseTo(margins[r], within(1e-4));
      assertThat(ChurnModel.sigmoid(sum)).isCloseTo(probabilities[r], within(1e-5));
    }
  }

  @Test
  void contributionsComeLargestEffectFirst_withTheRowsValueAndText() {
    Explanation e = new ChurnContributions(model, (feature, value, effect) -> feature + "=" + value)
        .explain(rows).get(0);
    assertThat(e.contributions()).isNotEmpty();
    assertThat(e.contributions()).extracting(c -> Math.abs(c.effect()))
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    Contribution first = e.top(1).get(0);
    int column = Arrays.asList(SyntheticChurn.FEATURES).indexOf(first.feature());
    assertThat(first.value()).isEqualTo(rows[0][column]);
    assertThat(first.text()).isEqualTo(first.feature() + "=" + rows[0][column]);
  }

  @Test
  void customersAboutToChurn_areExplainedMostlyByTheirPrecursors() {
    // rows a week or two before the customer churned: falling logins and rising tickets should lead
    int[] churning = java.util.stream.IntStream.range(0, HISTORY.labels().length)
        .filter(i -> HISTORY.labels()[i] > 0.5f).limit(100).toArray();
    float[][] churningRows = Arrays.stream(churning).mapToObj(i -> HISTORY.features()[i]).toArray(float[][]::new);
    long ledByPrecursor = new ChurnContributions(model, new ChurnContributionTexts()).explain(churningRows).stream()
        .map(e -> e.top(1).get(0).feature())
        .filter(f -> f.equals("logins_per_user_change_8w") || f.equals("tickets_30d") || f.equals("seats_used_share"))
        .count();
    assertThat(ledByPrecursor).isGreaterThan(churningRows.length / 2);
  }

  @Test
  void theTemplatesSayItInWords_andAnyOtherFeatureGetsTheGenericSentence() {
    ChurnContributionTexts texts = new ChurnContributionTexts();
    assertThat(texts.text("dau_slope_8w", -0.1f, 0.8)).isEqualTo("daily active users down 10% a week over 8 weeks");
    assertThat(texts.text("logins_per_user_change_4w", 0.25f, -0.2)).isEqualTo("logins per user up 25% over 4 weeks");
    assertThat(texts.text("seat_utilization", 0.4f, 0.3)).isEqualTo("40% of seats in use");
    assertThat(texts.text("tickets_30d", 5f, 0.3)).isEqualTo("5 support tickets in the last 30 days");
    assertThat(texts.text("days_to_renewal", 12.5f, 0.1)).isEqualTo("12.5 days to renewal");
    assertThat(texts.text("noise_a", 1.5f, 0.1)).isEqualTo("noise a 1.5 raises the risk");
    assertThat(texts.text("noise_a", 2f, -0.1)).isEqualTo("noise a 2 lowers the risk");
    assertThat(texts.text("nps_latest", Float.NaN, 0.2)).isEqualTo("last NPS answer unknown, which raises the risk");
    assertThat(texts.text("seat_utilization", Float.NaN, -0.1)).isEqualTo("seats in use unknown, which lowers the risk");
    assertThat(texts.text("noise_b", Float.NaN, 0.1)).isEqualTo("noise b unknown, which raises the risk");
  }

  @Test
  void everyTemplateNamesAFeatureTheDatasetComputes() {
    assertThat(java.util.List.of(ChurnFeatures.names())).containsAll(ChurnContributionTexts.TEMPLATES.keySet());
  }
}
