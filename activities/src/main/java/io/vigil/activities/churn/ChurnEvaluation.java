package io.vigil.activities.churn;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How a model's probabilities do on held-out rows (customer-days of the evaluation period), each
 * figure beside the set it was measured on (docs/churn.md, "Metrics").
 *
 * @param rows evaluation rows (customer-days)
 * @param positives rows labelled churned within the lead time
 * @param auc ROC AUC, ties counted half (NaN when either class is absent)
 * @param threshold the operating threshold the next three figures use
 * @param precision of the rows at or above the threshold, the share that churned (NaN when none is)
 * @param recall of the churned rows, the share at or above the threshold (NaN when none churned)
 * @param accuracy share of rows the threshold classifies right; compare it with
 *     {@link #neverChurnsAccuracy()}, what predicting "never churns" scores on the same rows
 * @param brier mean squared difference between probability and outcome (0 is perfect; the base
 *     rate's own Brier score is {@code baseRate * (1 - baseRate)})
 * @param topArrRows rows taken for {@code precisionAtTop10PctArr}
 * @param precisionAtTop10PctArr each day, rows ranked by probability x ARR and taken until they
 *     cover 10% of that day's ARR; of all rows so taken, the share that churned
 */
public record ChurnEvaluation(
    int rows,
    int positives,
    double auc,
    double threshold,
    double precision,
    double recall,
    double accuracy,
    double brier,
    int topArrRows,
    double precisionAtTop10PctArr) {

  /** The ARR share the top-of-portfolio precision covers each day. */
  static final double TOP_ARR_SHARE = 0.10;

  public static ChurnEvaluation of(float[] labels, double[] probabilities, double[] arr, LocalDate[] asOf,
      double threshold) {
    int n = labels.length;
    if (probabilities.length != n || arr.length != n || asOf.length != n) {
      throw new IllegalArgumentException("labels, probabilities, ARR and days must have one entry per row");
    }
    int positives = 0;
    int flagged = 0;
    int truePositives = 0;
    int correct = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      boolean churned = labels[i] > 0.5f;
      boolean flag = probabilities[i] >= threshold;
      positives += churned ? 1 : 0;
      flagged += flag ? 1 : 0;
      truePositives += churned && flag ? 1 : 0;
      correct += churned == flag ? 1 : 0;
      double diff = probabilities[i] - (churned ? 1 : 0);
      squares += diff * diff;
    }
    int[] top = topOfArr(labels, probabilities, arr, asOf);
    return new ChurnEvaluation(n, positives, auc(labels, probabilities), threshold,
        flagged == 0 ? Double.NaN : (double) truePositives / flagged,
        positives == 0 ? Double.NaN : (double) truePositives / positives,
        n == 0 ? Double.NaN : (double) correct / n,
        n == 0 ? Double.NaN : squares / n,
        top[0], top[0] == 0 ? Double.NaN : (double) top[1] / top[0]);
  }

  /** The share of rows that churned. */
  public double baseRate() {
    return rows == 0 ? Double.NaN : (double) positives / rows;
  }

  /** The accuracy of a model that always says "stays": the bar any accuracy figure has to clear. */
  public double neverChurnsAccuracy() {
    return 1 - baseRate();
  }

  /**
   * ROC AUC as the Mann-Whitney statistic: the chance that a churned row scores above a staying one,
   * a tie counting half (average ranks over each group of equal scores).
   */
  static double auc(float[] labels, double[] scores) {
    int n = labels.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double positiveRanks = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j + 2) / 2.0; // ranks are 1-based: rows i..j share (i+1 + j+1) / 2
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5f) {
          positiveRanks += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * The threshold with the highest F1 (harmonic mean of precision and recall) on the given rows,
   * among the scores themselves ("flag at or above"); the higher threshold wins a tie, so fewer
   * customers are flagged for the same F1. With no churned row, 1 (flag nobody).
   */
  static double maxF1Threshold(float[] labels, double[] scores) {
    int n = labels.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer k) -> scores[k]).reversed());
    int positives = 0;
    for (float label : labels) {
      positives += label > 0.5f ? 1 : 0;
    }
    double best = 1;
    double bestF1 = 0;
    int truePositives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        truePositives += labels[order[k]] > 0.5f ? 1 : 0;
      }
      double f1 = 2.0 * truePositives / (j + 1 + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        best = scores[order[i]];
      }
      i = j + 1;
    }
    return best;
  }

  /** {rows taken, churned among them}: per day, by probability x ARR, until 10% of the day's ARR is covered. */
  private static int[] topOfArr(float[] labels, double[] probabilities, double[] arr, LocalDate[] asOf) {
    Map<LocalDate, List<Integer>> byDay = new HashMap<>();
    for (int i = 0; i < labels.length; i++) {
      byDay.computeIfAbsent(asOf[i], d -> new java.util.ArrayList<>()).add(i);
    }
    int taken = 0;
    int churned = 0;
    for (List<Integer> day : byDay.values()) {
      double total = day.stream().mapToDouble(i -> arr[i]).sum();
      day.sort(Comparator.comparingDouble((Integer i) -> probabilities[i] * arr[i]).reversed()
          .thenComparing(Comparator.naturalOrder()));
      double covered = 0;
      for (int i : day) {
        if (covered >= TOP_ARR_SHARE * total) {
          break;
        }
        covered += arr[i];
        taken++;
        churned += labels[i] > 0.5f ? 1 : 0;
      }
    }
    return new int[] {taken, churned};
  }

  /** The figures in one line, for logs and the test output. */
  public String summary() {
    return String.format(Locale.ROOT,
        "rows %d, churned %d (base rate %.4f); AUC %.3f; at threshold %.3f precision %.3f recall %.3f accuracy %.4f"
            + " (never-churns %.4f); Brier %.4f (base-rate Brier %.4f); precision at top 10%% ARR %.3f over %d rows",
        rows, positives, baseRate(), auc, threshold, precision, recall, accuracy, neverChurnsAccuracy(), brier,
        baseRate() * (1 - baseRate()), precisionAtTop10PctArr, topArrRows);
  }
}
