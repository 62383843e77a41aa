package io.vigil.activities.tickets;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF vectors of unit length over term ids: term frequency dampened as 1 + ln(count) (a word said
 * five times is not five times the topic), inverse document frequency smoothed as
 * ln((1 + n) / (1 + df)) + 1 (the scikit-learn form: a word in every ticket still counts a little,
 * none divides by zero).
 */
final class TfIdf {
  /** A sparse vector: term ids ascending, with their weights. */
  record Vector(int[] terms, float[] weights) {}

  private TfIdf() {}

  static List<Vector> vectors(List<int[]> documents, int vocabulary) {
    int[] df = new int[vocabulary];
    List<Map<Integer, Integer>> counts = documents.stream().map(TfIdf::count).toList();
    for (Map<Integer, Integer> c : counts) {
      c.keySet().forEach(term -> df[term]++);
    }
    int n = documents.size();
    return counts.stream().map(c -> {
      int[] terms = c.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      float[] weights = new float[terms.length];
      double norm = 0;
      for (int k = 0; k < terms.length; k++) {
        double w = (1 + Math.log(c.get(terms[k]))) * (Math.log((1.0 + n) / (1.0 + df[terms[k]])) + 1);
        weights[k] = (float) w;
        norm += w * w;
      }
      double length = Math.sqrt(norm);
      for (int k = 0; k < weights.length && length > 0; k++) {
        weights[k] = (float) (weights[k] / length);
      }
      return new Vector(terms, weights);
    }).toList();
  }

  private static Map<Integer, Integer> count(int[] terms) {
    Map<Integer, Integer> c = new HashMap<>();
    Arrays.stream(terms).forEach(t -> c.merge(t, 1, Integer::sum));
    return c;
  }
}
