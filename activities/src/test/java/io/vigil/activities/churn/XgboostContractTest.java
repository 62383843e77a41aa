package io.vigil.activities.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * What Vigil relies on in XGBoost4J itself, checked on this platform: its native library loads from
 * the jar and trains (without the Scala jars its POM brings, which the build excludes), a tree
 * limit on predict means the first trees, and a model without Vigil's attributes is refused.
 */
class XgboostContractTest {
  @Test
  void theNativeLibraryLoadsAndTrains_andATreeLimitPredictsWithTheFirstTreesOnly() throws Exception {
    int n = 2000;
    int columns = 4;
    Random random = new Random(1);
    float[] flat = new float[n * columns];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < columns; j++) {
        flat[i * columns + j] = (float) random.nextGaussian();
      }
      labels[i] = flat[i * columns] + flat[i * columns + 1] + random.nextGaussian() > 1.5 ? 1 : 0;
    }
    DMatrix matrix = new DMatrix(flat, n, columns, Float.NaN);
    matrix.setLabel(labels);
    Map<String, Object> parameters = new HashMap<>(Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.1,
        "tree_method", "hist", "nthread", 1, "seed", 13, "verbosity", 0, "subsample", 0.8));
    Booster twenty = XGBoost.train(matrix, parameters, 20, Map.of(), null, null);
    Booster five = XGBoost.train(matrix, parameters, 5, Map.of(), null, null);
    try {
      assertThat(twenty.getNumBoostedRound()).isEqualTo(20);
      assertThat(twenty.predict(matrix, true, 5)).isDeepEqualTo(five.predict(matrix, true));
      assertThat(java.util.Arrays.deepEquals(twenty.predict(matrix, true), five.predict(matrix, true))).isFalse();

      byte[] notOurs = twenty.toByteArray("ubj");
      assertThatThrownBy(() -> ChurnModel.fromBytes(notOurs)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a Vigil churn model");
      assertThatThrownBy(() -> ChurnModel.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a readable XGBoost model");
    } finally {
      twenty.dispose();
      five.dispose();
      matrix.dispose();
    }
  }
}
