package io.vigil.activities.tickets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Average-linkage (UPGMA) agglomerative clustering by the nearest-neighbour chain algorithm, cut where
 * the closest clusters' average similarity falls below a threshold. Average linkage is reducible (a
 * merged cluster is never closer to a third than the nearer of its parts), so the chain builds the
 * same clusters as merging the globally closest pair each time, and a cluster whose nearest
 * neighbour is below the threshold can be set aside for good: no later merge brings anything closer.
 */
final class AverageLinkage {
  private AverageLinkage() {}

  /** Clusters of item indexes, each in ascending order, the clusters by their first item. */
  static List<List<Integer>> clusters(List<TfIdf.Vector> vectors, double threshold) {
    int n = vectors.size();
    float[] sim = cosines(vectors);
    int[] size = new int[n];
    boolean[] active = new boolean[n];
    List<List<Integer>> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      size[i] = 1;
      active[i] = true;
      members.add(new ArrayList<>(List.of(i)));
    }
    List<List<Integer>> done = new ArrayList<>();
    Deque<Integer> chain = new ArrayDeque<>();
    int remaining = n;
    int scan = 0;
    while (remaining > 0) {
      if (chain.isEmpty()) {
        while (!active[scan]) {
          scan++;
        }
        chain.push(scan);
      }
      int a = chain.pop();
      Integer previous = chain.peek();
      int best = -1;
      float bestSim = -1;
      if (previous != null) {
        best = previous; // on a tie the chain goes back, so it never cycles
        bestSim = sim[index(a, previous)];
      }
      for (int k = 0; k < n; k++) {
        if (k != a && active[k] && sim[index(a, k)] > bestSim) {
          best = k;
          bestSim = sim[index(a, k)];
        }
      }
      if (best < 0 || bestSim < threshold) {
        active[a] = false;
        remaining--;
        done.add(members.get(a));
        continue; // the element below a now looks for its nearest neighbour again
      }
      if (previous != null && best == previous) {
        chain.pop();
        merge(a, previous, sim, size, active, members, n);
        remaining--;
      } else {
        chain.push(a);
        chain.push(best);
      }
    }
    done.forEach(c -> c.sort(Integer::compare));
    done.sort((x, y) -> Integer.compare(x.get(0), y.get(0)));
    return done;
  }

  /** Every pair's cosine (the vectors have unit length), through postings: only pairs sharing a term cost anything. */
  private static float[] cosines(List<TfIdf.Vector> vectors) {
    int n = vectors.size();
    float[] sim = new float[Math.max(1, (int) ((long) n * (n - 1) / 2))];
    Map<Integer, List<int[]>> postings = new HashMap<>();
    for (int i = 0; i < n; i++) {
      TfIdf.Vector v = vectors.get(i);
      for (int k = 0; k < v.terms().length; k++) {
        List<int[]> list = postings.get(v.terms()[k]);
        if (list != null) {
          for (int[] posting : list) {
            int j = posting[0];
            sim[index(i, j)] += v.weights()[k] * Float.intBitsToFloat(posting[1]);
          }
        }
      }
      for (int k = 0; k < v.terms().length; k++) {
        postings.computeIfAbsent(v.terms()[k], t -> new ArrayList<>())
            .add(new int[] {i, Float.floatToIntBits(v.weights()[k])});
      }
    }
    return sim;
  }

  /** Merges into the lower index (the earlier ticket), updating average similarities (Lance-Williams). */
  private static void merge(int a, int b, float[] sim, int[] size, boolean[] active, List<List<Integer>> members,
      int n) {
    int keep = Math.min(a, b);
    int gone = Math.max(a, b);
    for (int k = 0; k < n; k++) {
      if (active[k] && k != keep && k != gone) {
        sim[index(keep, k)] = (size[keep] * sim[index(keep, k)] + size[gone] * sim[index(gone, k)])
            / (size[keep] + size[gone]);
      }
    }
    size[keep] += size[gone];
    active[gone] = false;
    members.get(keep).addAll(members.get(gone));
  }

  private static int index(int i, int j) {
    return i > j ? i * (i - 1) / 2 + j : j * (j - 1) / 2 + i;
  }
}
