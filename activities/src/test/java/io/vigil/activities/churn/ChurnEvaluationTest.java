package io.vigil.activities.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The metrics against figures worked out by hand (in the comments). */
class ChurnEvaluationTest {
  static final LocalDate DAY = LocalDate.of(2026, 3, 1);
  // five rows of one day: two churned
  static final float[] LABELS = {1, 0, 1, 0, 0};
  static final double[] SCORES = {0.9, 0.8, 0.5, 0.5, 0.1};

  @Test
  void auc_countsATieBetweenAChurnedAndAStayingRowAsHalf() {
    // churned 0.9 beats all three staying rows (3); churned 0.5 loses to 0.8, ties 0.5 (0.5), beats 0.1 (1): 4.5 / 6
    assertThat(ChurnEvaluation.auc(LABELS, SCORES)).isCloseTo(0.75, within(1e-12));
    assertThat(ChurnEvaluation.auc(new float[] {1, 0, 1, 0}, new double[] {0.3, 0.3, 0.3, 0.3})).isEqualTo(0.5);
    assertThat(ChurnEvaluation.auc(new float[] {0, 1}, new double[] {0.9, 0.1})).isEqualTo(0.0);
    assertThat(ChurnEvaluation.auc(new float[] {0, 0}, new double[] {0.9, 0.1})).isNaN();
  }

  @Test
  void givenAThreshold_precisionRecallAccuracyAndBrierAreTheHandFigures() {
    ChurnEvaluation e = ChurnEvaluation.of(LABELS, SCORES, new double[] {1, 1, 1, 1, 1}, days(5, DAY), 0.5);
    // flagged at >= 0.5: rows 1-4, of which rows 1 and 3 churned
    assertThat(e.precision()).isEqualTo(0.5);
    assertThat(e.recall()).isEqualTo(1.0);
    // right: rows 1, 3 (flagged, churned) and 5 (not flagged, stayed)
    assertThat(e.accuracy()).isCloseTo(0.6, within(1e-12));
    assertThat(e.baseRate()).isCloseTo(0.4, within(1e-12));
    assertThat(e.neverChurnsAccuracy()).isCloseTo(0.6, within(1e-12));
    // (0.1² + 0.8² + 0.5² + 0.5² + 0.1²) / 5 = 1.16 / 5
    assertThat(e.brier()).isCloseTo(0.232, within(1e-12));
    assertThat(e.rows()).isEqualTo(5);
    assertThat(e.positives()).isEqualTo(2);
    assertThat(e.auc()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void precisionAtTheTopOfArr_takesEachDaysRowsByProbabilityTimesArrUntilTenPercentOfItsArr() {
    LocalDate other = DAY.plusDays(1);
    float[] labels = {1, 0, 1, 0, 0, 1, 0};
    double[] probabilities = {0.9, 0.8, 0.5, 0.5, 0.1, 0.7, 0.2};
    double[] arr = {100, 1000, 50, 10, 5000, 100, 100};
    LocalDate[] days = {DAY, DAY, DAY, DAY, DAY, other, other};
    ChurnEvaluation e = ChurnEvaluation.of(labels, probabilities, arr, days, 0.5);
    // day one: 10% of 6,160 is 616; by p x ARR (90, 800, 25, 5, 500) the 1,000-ARR row comes first and
    // covers it alone (stayed). Day two: 10% of 200 is 20; the 0.7 row (churned) covers it. 1 of 2.
    assertThat(e.topArrRows()).isEqualTo(2);
    assertThat(e.precisionAtTop10PctArr()).isEqualTo(0.5);
  }

  @Test
  void theThresholdWithTheBestF1_preferringTheHigherOnATie() {
    // at 0.9: F1 = 2*1 / (1 + 2) = 0.667; at 0.8: 2/4; at 0.5: 2*2 / (4 + 2) = 0.667 (a tie); at 0.1: 4/7
    assertThat(ChurnEvaluation.maxF1Threshold(LABELS, SCORES)).isEqualTo(0.9);
    assertThat(ChurnEvaluation.maxF1Threshold(new float[] {0, 1, 1}, new double[] {0.9, 0.6, 0.4})).isEqualTo(0.4);
    assertThat(ChurnEvaluation.maxF1Threshold(new float[] {0, 0}, new double[] {0.9, 0.6})).isEqualTo(1.0);
  }

  private static LocalDate[] days(int n, LocalDate day) {
    LocalDate[] days = new LocalDate[n];
    java.util.Arrays.fill(days, day);
    return days;
  }
}
