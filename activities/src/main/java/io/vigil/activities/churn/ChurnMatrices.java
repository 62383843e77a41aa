package io.vigil.activities.churn;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Rows of features as XGBoost's dense matrix, NaN standing for a missing value. */
final class ChurnMatrices {
  /** A feature the data builder could not compute (no survey yet, no tickets): XGBoost learns where it goes. */
  static final float MISSING = Float.NaN;

  private ChurnMatrices() {}

  /** The rows named by {@code indices} (all rows when null), with their labels when {@code labels} is not null. */
  static DMatrix of(float[][] features, int[] indices, float[] labels, int columns) {
    int n = indices == null ? features.length : indices.length;
    float[] flat = new float[Math.multiplyExact(n, columns)];
    float[] rowLabels = labels == null ? null : new float[n];
    for (int i = 0; i < n; i++) {
      int row = indices == null ? i : indices[i];
      if (features[row].length != columns) {
        throw new IllegalArgumentException("row " + row + " has " + features[row].length + " features, expected " + columns);
      }
      System.arraycopy(features[row], 0, flat, i * columns, columns);
      if (rowLabels != null) {
        rowLabels[i] = labels[row];
      }
    }
    try {
      DMatrix matrix = new DMatrix(flat, n, columns, MISSING);
      if (rowLabels != null) {
        matrix.setLabel(rowLabels);
      }
      return matrix;
    } catch (XGBoostError e) {
      throw new ChurnModelException("could not build XGBoost's matrix of " + n + " rows", e);
    }
  }

  static DMatrix of(float[][] features, int columns) {
    return of(features, null, null, columns);
  }
}
