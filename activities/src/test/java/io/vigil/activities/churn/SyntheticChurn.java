package io.vigil.activities.churn;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated churn history standing in for the real dataset (same arrays as ChurnDataset): weekly
 * rows per customer, a learnable signal (usage falling and tickets rising in the 60 days before a
 * customer churns; seats and NPS lower for riskier customers), noise (two features unrelated to
 * churn, NPS missing half the time) and a time trend (churn hazard rising by half over the year,
 * usage level drifting upwards), so the later period does not look like the earlier one.
 */
record SyntheticChurn(String[] featureNames, float[][] features, float[] labels, String[] customerIds,
    LocalDate[] asOf, double[] arr) {

  static final LocalDate START = LocalDate.of(2025, 1, 1);
  static final int DAYS = 365;
  static final int LEAD_DAYS = 30;
  static final String[] FEATURES = {"logins_per_user_change_8w", "tickets_30d", "seats_used_share", "nps_last",
      "usage_level", "noise_a", "noise_b"};

  static SyntheticChurn generate(int customers, long seed) {
    Random random = new Random(seed);
    List<float[]> rows = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Double> arrs = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      double risk = random.nextGaussian();
      double arr = Math.exp(10 + random.nextGaussian());
      int churnDay = churnDay(random, risk);
      for (int day = random.nextInt(7); day < DAYS && day < churnDay; day += 7) {
        // how close churn is, 0 until 60 days before, 1 on the day: the precursor's strength
        double closeness = Math.max(0, 1 - (churnDay - day) / 60.0);
        float[] f = new float[FEATURES.length];
        f[0] = (float) (0.25 * random.nextGaussian() - 0.35 * closeness);
        f[1] = poisson(random, 1 + 1.5 * closeness);
        f[2] = (float) Math.min(1, Math.max(0, 0.7 - 0.1 * risk + 0.1 * random.nextGaussian()));
        f[3] = random.nextBoolean() ? Float.NaN : (float) Math.max(0, Math.min(10, Math.round(7 - risk + 2 * random.nextGaussian())));
        f[4] = (float) (10 + 0.02 * day + random.nextGaussian());
        f[5] = (float) random.nextGaussian();
        f[6] = (float) random.nextDouble();
        rows.add(f);
        labels.add(churnDay - day <= LEAD_DAYS ? 1f : 0f);
        ids.add("c" + c);
        days.add(START.plusDays(day));
        arrs.add(arr);
      }
    }
    float[] labelArray = new float[labels.size()];
    for (int i = 0; i < labelArray.length; i++) {
      labelArray[i] = labels.get(i);
    }
    return new SyntheticChurn(FEATURES.clone(), rows.toArray(float[][]::new), labelArray, ids.toArray(String[]::new),
        days.toArray(LocalDate[]::new), arrs.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The day the customer churns (past the history's end when it does not): a daily hazard rising over the year. */
  private static int churnDay(Random random, double risk) {
    for (int day = 0; day < DAYS + LEAD_DAYS; day++) {
      double hazard = 0.0004 * Math.exp(0.9 * risk) * (1 + 0.5 * day / DAYS);
      if (random.nextDouble() < hazard) {
        return day;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static float poisson(Random random, double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= random.nextDouble();
      k++;
    }
    return k;
  }

  /** The same rows with the labels shuffled: no signal left to learn. */
  SyntheticChurn withShuffledLabels(long seed) {
    float[] shuffled = labels.clone();
    Random random = new Random(seed);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    return new SyntheticChurn(featureNames, features, shuffled, customerIds, asOf, arr);
  }

  ChurnTrainingResult train(ChurnTrainer trainer, LocalDate cutoff) {
    return trainer.train(featureNames, features, labels, customerIds, asOf, arr, cutoff);
  }
}
