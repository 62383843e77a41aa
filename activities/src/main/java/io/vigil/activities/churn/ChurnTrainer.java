package io.vigil.activities.churn;

import io.vigil.activities.churn.ChurnTrainingResult.ChurnEvents;
import io.vigil.activities.churn.ChurnTrainingResult.Period;
import io.vigil.activities.churn.ChurnTrainingResult.TooLittleHistory;
import io.vigil.activities.churn.ChurnTrainingResult.Trained;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains gradient-boosted trees (XGBoost, binary:logistic) on customer-day rows with a time-based
 * split, never a random one (docs/churn.md, "Training"). With {@code cutoff} C and lead L days:
 *
 * <pre>
 *   fit slice          | gap L | validation slice (V days) | gap L | evaluation
 *   ..., V0 - L)               [V0, C - L)                          [C, ...)
 *   `------------ training period: as-of days before C - L ---------'
 * </pre>
 *
 * Each gap is as long as the label looks ahead, so no row's label reaches into the next period.
 * Boosting on the fit slice stops when the validation slice's log loss has not improved for a while;
 * the operating threshold is the one with the best F1 on the validation slice. The model kept is
 * then trained on the whole training period (the most recent weeks matter most for churn) with
 * that many rounds, and measured on the evaluation period, which no step above has seen.
 */
public final class ChurnTrainer {
  private final ChurnTrainingSettings settings;

  public ChurnTrainer(ChurnTrainingSettings settings) {
    this.settings = settings;
  }

  /**
   * @param featureNames one name per feature column (ChurnContributions' texts are keyed by them)
   * @param features one row per customer and as-of day; {@link Float#NaN} where a value is missing
   * @param labels 1 when the customer churned within the lead time after the row's day, else 0
   * @param customerIds the row's customer, to count churn events as customers, not rows
   * @param asOf the row's day: features use nothing after it
   * @param arr the customer's ARR on that day
   * @param cutoff the first day of the evaluation period
   */
  public ChurnTrainingResult train(String[] featureNames, float[][] features, float[] labels, String[] customerIds,
      LocalDate[] asOf, double[] arr, LocalDate cutoff) {
    int n = features.length;
    if (labels.length != n || customerIds.length != n || asOf.length != n || arr.length != n) {
      throw new IllegalArgumentException("features, labels, customers, days and ARR must have one entry per row");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] != 0f && labels[i] != 1f) {
        throw new IllegalArgumentException("row " + i + "'s label is " + labels[i] + ": labels are 0 (stayed) or 1 (churned)");
      }
    }
    LocalDate trainingEnd = cutoff.minusDays(settings.leadDays());
    LocalDate validationStart = trainingEnd.minusDays(settings.validationDays());
    LocalDate fitEnd = validationStart.minusDays(settings.leadDays());
    int[] training = rows(asOf, d -> d.isBefore(trainingEnd));
    int[] fit = rows(asOf, d -> d.isBefore(fitEnd));
    int[] validation = rows(asOf, d -> !d.isBefore(validationStart) && d.isBefore(trainingEnd));
    int[] evaluation = rows(asOf, d -> !d.isBefore(cutoff));

    TooLittleHistory counts = new TooLittleHistory(List.of(
        new ChurnEvents("training period", churnEvents(training, labels, customerIds), settings.minTrainingChurnEvents()),
        new ChurnEvents("training period's fit slice", churnEvents(fit, labels, customerIds),
            settings.minValidationChurnEvents()),
        new ChurnEvents("training period's validation slice", churnEvents(validation, labels, customerIds),
            settings.minValidationChurnEvents()),
        new ChurnEvents("evaluation period", churnEvents(evaluation, labels, customerIds),
            settings.minEvaluationChurnEvents())));
    if (!counts.shortfalls().isEmpty()) {
      return counts;
    }

    int columns = featureNames.length;
    DMatrix fitMatrix = null;
    DMatrix validationMatrix = null;
    DMatrix trainingMatrix = null;
    Booster probe = null;
    try {
      fitMatrix = ChurnMatrices.of(features, fit, labels, columns);
      validationMatrix = ChurnMatrices.of(features, validation, labels, columns);
      trainingMatrix = ChurnMatrices.of(features, training, labels, columns);
      double fitWeight = positiveWeight(fit, labels);
      // the validation slice's churned rows weigh as much as in training, so its log loss is the
      // loss the trees minimise, measured on later days
      validationMatrix.setWeight(weights(validation, labels, fitWeight));
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      watches.put("validation", validationMatrix);
      probe = XGBoost.train(fitMatrix, parameters(fitWeight), settings.maxRounds(), watches,
          new float[1][settings.maxRounds()], null, null, settings.earlyStoppingRounds());
      int rounds = bestIteration(probe) + 1;
      // the first `rounds` trees only: the probe grew up to earlyStoppingRounds more (XgboostContractTest)
      double[] validationScores = probabilities(probe.predict(validationMatrix, true, rounds), Math.log(fitWeight));
      double threshold = ChurnEvaluation.maxF1Threshold(subset(labels, validation), validationScores);

      double weight = positiveWeight(training, labels);
      Booster booster = XGBoost.train(trainingMatrix, parameters(weight), rounds, Map.of(), null, null);
      ChurnModel model = new ChurnModel(booster, featureNames, threshold, Math.log(weight));
      ChurnEvaluation measured;
      try {
        float[][] evaluationRows = Arrays.stream(evaluation).mapToObj(i -> features[i]).toArray(float[][]::new);
        measured = ChurnEvaluation.of(subset(labels, evaluation), model.probabilities(evaluationRows),
            Arrays.stream(evaluation).mapToDouble(i -> arr[i]).toArray(),
            Arrays.stream(evaluation).mapToObj(i -> asOf[i]).toArray(LocalDate[]::new), threshold);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
      return new Trained(model, period(training, asOf, labels, customerIds),
          period(evaluation, asOf, labels, customerIds), rounds, measured);
    } catch (XGBoostError e) {
      throw new ChurnModelException("XGBoost failed to train", e);
    } finally {
      // native memory, freed now rather than by the finalizers
      for (DMatrix matrix : new DMatrix[] {fitMatrix, validationMatrix, trainingMatrix}) {
        if (matrix != null) {
          matrix.dispose();
        }
      }
      if (probe != null) {
        probe.dispose();
      }
    }
  }

  private Map<String, Object> parameters(double positiveWeight) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    // the weighted log loss steers early stopping: it judges the probabilities, not only their
    // order (AUC stopped after a handful of rounds, when the ranking was found but the trees' margins
    // had barely left the intercept, and the Brier score was no better than the base rate's)
    p.put("eval_metric", "logloss");
    p.put("tree_method", "hist");
    p.put("max_depth", settings.maxDepth());
    p.put("eta", settings.eta());
    p.put("subsample", settings.subsample());
    p.put("colsample_bytree", settings.colsampleByTree());
    p.put("min_child_weight", settings.minChildWeight());
    p.put("scale_pos_weight", positiveWeight);
    p.put("seed", settings.seed());
    p.put("nthread", settings.threads());
    p.put("verbosity", 0);
    p.put("verbose_eval", false);
    return p;
  }

  /** Staying rows per churned row: each churned row weighs as much as all staying rows together. */
  private static double positiveWeight(int[] rows, float[] labels) {
    long positives = Arrays.stream(rows).filter(i -> labels[i] > 0.5f).count();
    return Math.max(1.0, (double) (rows.length - positives) / positives);
  }

  private static float[] weights(int[] rows, float[] labels, double positiveWeight) {
    float[] weights = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      weights[i] = labels[rows[i]] > 0.5f ? (float) positiveWeight : 1f;
    }
    return weights;
  }

  private static int bestIteration(Booster booster) throws XGBoostError {
    String best = booster.getAttr("best_iteration");
    // no attribute: boosting ran all its rounds without ever setting one, so all of them count
    return best == null ? booster.getNumBoostedRound() - 1 : Integer.parseInt(best);
  }

  private static double[] probabilities(float[][] margins, double priorShift) {
    return Arrays.stream(margins).mapToDouble(m -> ChurnModel.sigmoid(m[0] - priorShift)).toArray();
  }

  private static int[] rows(LocalDate[] asOf, Predicate<LocalDate> in) {
    return IntStream.range(0, asOf.length).filter(i -> in.test(asOf[i])).toArray();
  }

  private static float[] subset(float[] values, int[] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  private static int churnEvents(int[] rows, float[] labels, String[] customerIds) {
    Set<String> churned = new HashSet<>();
    for (int i : rows) {
      if (labels[i] > 0.5f) {
        churned.add(customerIds[i]);
      }
    }
    return churned.size();
  }

  private static Period period(int[] rows, LocalDate[] asOf, float[] labels, String[] customerIds) {
    LocalDate from = null;
    LocalDate to = null;
    Set<String> customers = new HashSet<>();
    for (int i : rows) {
      from = from == null || asOf[i].isBefore(from) ? asOf[i] : from;
      to = to == null || asOf[i].isAfter(to) ? asOf[i] : to;
      customers.add(customerIds[i]);
    }
    return new Period(from, to, rows.length, customers.size(), churnEvents(rows, labels, customerIds));
  }
}
