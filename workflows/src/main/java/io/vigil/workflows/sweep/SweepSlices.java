package io.vigil.workflows.sweep;

import java.util.List;

/**
 * The customers split into slices for the sweep's workers: {@code bounds} holds the last customer id
 * of every slice but the last (slice {@code i} runs after bound {@code i-1}, through bound {@code i});
 * {@code parallelism}: how many slices run at once.
 */
public record SweepSlices(List<String> bounds, int parallelism) {
  public int count() {
    return bounds.size() + 1;
  }

  /** The customer id slice {@code i} starts after (null: the first customer). */
  public String after(int i) {
    return i == 0 ? null : bounds.get(i - 1);
  }

  /** The last customer id of slice {@code i} (null: the last customer). */
  public String through(int i) {
    return i == bounds.size() ? null : bounds.get(i);
  }
}
