package io.vigil.activities.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Next week's priorities from what the sections propose: by rule, then largest ARR, then text; a
 * customer appears once (under its most urgent rule); at most {@link #MAX}.
 */
public final class RecommendedPriorities {
  public static final int MAX = 5;

  private RecommendedPriorities() {}

  public static List<Priority> pick(List<Priority> proposed) {
    List<Priority> ordered = new ArrayList<>(proposed);
    ordered.sort(Comparator.comparingInt(Priority::rule)
        .thenComparing(p -> p.arr() == null ? BigDecimal.ZERO : p.arr(), Comparator.reverseOrder())
        .thenComparing(Priority::text));
    Set<String> customers = new HashSet<>();
    List<Priority> picked = new ArrayList<>();
    for (Priority p : ordered) {
      if (picked.size() == MAX) {
        break;
      }
      if (p.customerId() == null || customers.add(p.customerId())) {
        picked.add(p);
      }
    }
    return List.copyOf(picked);
  }
}
