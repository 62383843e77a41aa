package io.vigil.activities.churn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labeled examples for the churn model: one per customer and as-of day, as plain arrays the trainer
 * reads directly. Row i is customer {@code customerIds()[i]} as of {@code asOf()[i]}, with its
 * features in {@code featureNames()}'s order (NaN: no data), its label (1: churned within the lead
 * days after the as-of day) and its ARR as of that day (for ARR-weighted metrics). Immutable: every
 * accessor answers a copy.
 */
public final class ChurnDataset {
  private final String[] featureNames;
  private final float[][] features;
  private final float[] labels;
  private final String[] customerIds;
  private final LocalDate[] asOf;
  private final double[] arr;

  ChurnDataset(String[] featureNames, float[][] features, float[] labels, String[] customerIds, LocalDate[] asOf,
      double[] arr) {
    int n = features.length;
    if (labels.length != n || customerIds.length != n || asOf.length != n || arr.length != n) {
      throw new IllegalArgumentException("every array needs one entry per example (" + n + ")");
    }
    this.featureNames = featureNames.clone();
    this.features = new float[n][];
    for (int i = 0; i < n; i++) {
      if (features[i].length != featureNames.length) {
        throw new IllegalArgumentException("example " + i + " has " + features[i].length + " features, not "
            + featureNames.length);
      }
      this.features[i] = features[i].clone();
    }
    this.labels = labels.clone();
    this.customerIds = customerIds.clone();
    this.asOf = asOf.clone();
    this.arr = arr.clone();
  }

  /**
   * Every {@code everyDays}-th day from {@code from} to {@code to}: each day's population with its
   * features and labels. An example's label needs its whole lead window observed, so {@code to} plus
   * the lead days may not pass {@code outcomesKnownThrough} (the newest day churn events are recorded
   * for): a later day would count customers that are yet to churn as staying.
   */
  public static ChurnDataset build(ChurnFeatures features, ChurnLabels labels, LocalDate from, LocalDate to,
      int everyDays, LocalDate outcomesKnownThrough) {
    if (everyDays < 1 || to.isBefore(from)) {
      throw new IllegalArgumentException("need from <= to and everyDays >= 1");
    }
    if (to.plusDays(labels.leadDays()).isAfter(outcomesKnownThrough)) {
      throw new IllegalArgumentException("as-of day " + to + " plus " + labels.leadDays()
          + " lead days passes the outcomes known through " + outcomesKnownThrough);
    }
    String[] names = ChurnFeatures.names();
    int arrColumn = List.of(names).indexOf("arr");
    List<float[]> rows = new ArrayList<>();
    List<Float> ys = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Double> arrs = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(everyDays)) {
      Map<String, double[]> population = features.asOf(day);
      Set<String> churned = labels.churnedAfter(day);
      for (Map.Entry<String, double[]> e : population.entrySet()) {
        double[] values = e.getValue();
        float[] row = new float[values.length];
        for (int j = 0; j < values.length; j++) {
          row[j] = (float) values[j];
        }
        rows.add(row);
        ys.add(churned.contains(e.getKey()) ? 1f : 0f);
        ids.add(e.getKey());
        days.add(day);
        arrs.add(values[arrColumn]);
      }
    }
    float[] y = new float[ys.size()];
    double[] a = new double[arrs.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ys.get(i);
      a[i] = arrs.get(i);
    }
    return new ChurnDataset(names, rows.toArray(float[][]::new), y, ids.toArray(String[]::new),
        days.toArray(LocalDate[]::new), a);
  }

  public int size() {
    return labels.length;
  }

  public String[] featureNames() {
    return featureNames.clone();
  }

  public float[][] features() {
    float[][] copy = new float[features.length][];
    for (int i = 0; i < features.length; i++) {
      copy[i] = features[i].clone();
    }
    return copy;
  }

  public float[] labels() {
    return labels.clone();
  }

  public String[] customerIds() {
    return customerIds.clone();
  }

  public LocalDate[] asOf() {
    return asOf.clone();
  }

  public double[] arr() {
    return arr.clone();
  }
}
