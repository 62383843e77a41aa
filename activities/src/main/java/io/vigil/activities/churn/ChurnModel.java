package io.vigil.activities.churn;

import java.io.IOException;
import java.util.Arrays;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained churn model: XGBoost's booster, the features it reads (by name, in order), the
 * operating threshold and the prior correction. {@link #toBytes()} holds all of it (as booster
 * attributes in XGBoost's UBJSON model format), so a stored model version is one blob.
 *
 * <p>Probabilities are corrected for {@code scale_pos_weight}: weighting each churned row by w
 * multiplies the odds the trees learn by about w, so the reported probability is
 * {@code sigmoid(margin - ln w)} and is comparable to churn rates (its Brier score and the expected
 * ARR loss depend on that). The ranking, hence the AUC, is unchanged.
 *
 * <p>Holds native memory: {@link #close()} frees it (a forgotten model is freed by the booster's
 * finalizer, later).
 */
public final class ChurnModel implements AutoCloseable {
  private static final String THRESHOLD = "vigil_threshold";
  private static final String PRIOR_SHIFT = "vigil_prior_shift";

  private final Booster booster;
  private final String[] featureNames;
  private final double threshold;
  private final double priorShift;

  ChurnModel(Booster booster, String[] featureNames, double threshold, double priorShift) {
    this.booster = booster;
    this.featureNames = featureNames.clone();
    this.threshold = threshold;
    this.priorShift = priorShift;
    try {
      booster.setFeatureNames(featureNames);
      booster.setAttr(THRESHOLD, Double.toString(threshold));
      booster.setAttr(PRIOR_SHIFT, Double.toString(priorShift));
    } catch (XGBoostError e) {
      throw new ChurnModelException("could not label the booster", e);
    }
  }

  /** A model stored by {@link #toBytes()}. */
  public static ChurnModel fromBytes(byte[] bytes) {
    try {
      Booster booster = XGBoost.loadModel(bytes);
      String threshold = booster.getAttr(THRESHOLD);
      String shift = booster.getAttr(PRIOR_SHIFT);
      String[] names = booster.getFeatureNames();
      if (threshold == null || shift == null || names == null || names.length == 0) {
        booster.dispose();
        throw new IllegalArgumentException("not a Vigil churn model: its threshold, prior shift or feature names are missing");
      }
      return new ChurnModel(booster, names, Double.parseDouble(threshold), Double.parseDouble(shift));
    } catch (XGBoostError | IOException e) {
      throw new IllegalArgumentException("not a readable XGBoost model: " + e.getMessage(), e);
    }
  }

  /** XGBoost's UBJSON model with Vigil's attributes, for storing a model version. */
  public byte[] toBytes() {
    try {
      return booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new ChurnModelException("could not serialise the booster", e);
    }
  }

  public String[] featureNames() {
    return featureNames.clone();
  }

  /** The probability at and above which a customer is flagged (chosen on the validation slice). */
  public double threshold() {
    return threshold;
  }

  /** ln(scale_pos_weight), subtracted from the trees' margin to give calibrated log-odds. */
  double priorShift() {
    return priorShift;
  }

  public int rounds() {
    try {
      return booster.getNumBoostedRound();
    } catch (XGBoostError e) {
      throw new ChurnModelException("could not read the booster's rounds", e);
    }
  }

  /** Calibrated log-odds of churn for each row. */
  public double[] margins(float[][] rows) {
    DMatrix matrix = ChurnMatrices.of(rows, featureNames.length);
    try {
      float[][] raw = booster.predict(matrix, true);
      double[] margins = new double[raw.length];
      for (int i = 0; i < raw.length; i++) {
        margins[i] = raw[i][0] - priorShift;
      }
      return margins;
    } catch (XGBoostError e) {
      throw new ChurnModelException("prediction failed", e);
    } finally {
      matrix.dispose();
    }
  }

  /** The probability of churn within the lead time for each row. */
  public double[] probabilities(float[][] rows) {
    return Arrays.stream(margins(rows)).map(ChurnModel::sigmoid).toArray();
  }

  /**
   * Tree SHAP: for each row, each feature's effect on the calibrated log-odds, then the bias (the
   * last column). Each row sums to its {@link #margins margin}.
   */
  double[][] contributions(float[][] rows) {
    DMatrix matrix = ChurnMatrices.of(rows, featureNames.length);
    try {
      float[][] raw = booster.predictContrib(matrix, 0);
      double[][] out = new double[raw.length][];
      for (int i = 0; i < raw.length; i++) {
        out[i] = new double[raw[i].length];
        for (int j = 0; j < raw[i].length; j++) {
          out[i][j] = raw[i][j];
        }
        out[i][raw[i].length - 1] -= priorShift;
      }
      return out;
    } catch (XGBoostError e) {
      throw new ChurnModelException("contributions failed", e);
    } finally {
      matrix.dispose();
    }
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Override
  public void close() {
    booster.dispose();
  }
}
