package io.vigil.workflows.common;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Detections signalled to a playbook's workflow while it runs (or cools down): the signal handler
 * only queues them, a background procedure records each in order (as activities, which handlers
 * should not block on), and the workflow drains the queue before it closes, because the sweep has
 * already reported them as suppressed.
 *
 * <p>Bounded: a detection of an alert already recorded by this workflow (the same customer and day,
 * say a {@code detections/run} called again and again) is not recorded again ({@link #ONCE_PER_ALERT});
 * and {@link #awaitUntil} ends a long wait early when the run's history passed its {@link
 * HistoryBudget}, for the workflow to continue as new carrying {@link #carry()}.
 */
public final class SuppressedDetections<T> {
  /** Version 1: each alert key is recorded once per workflow; before it, every signal was. */
  public static final String ONCE_PER_ALERT = "suppressed-once-per-alert";
  /** Alert keys a continued run still knows: one a day covers any cooldown or follow-up a rule sets. */
  static final int REMEMBERED_KEYS = 400;

  /** What a run continued as new carries of the detections: how many were recorded, and which alerts. */
  public record Carried(int recorded, List<String> alertKeys) {}

  private final Function<T, String> alertKey;
  private final Deque<T> queue = new ArrayDeque<>();
  private final LinkedHashSet<String> recordedKeys = new LinkedHashSet<>();
  private int recorded;

  public SuppressedDetections(Function<T, String> alertKey) {
    this.alertKey = alertKey;
  }

  /** In a run continued as new: what the earlier runs recorded. */
  public void resume(Carried carried) {
    if (carried != null) {
      recorded = carried.recorded();
      carried.alertKeys().forEach(this::remember);
    }
  }

  /** From the signal handler. */
  public void add(T detection) {
    queue.add(detection);
  }

  /** Starts the background procedure; {@code record} runs once per alert, in arrival order. */
  public void startRecording(Consumer<T> record) {
    Async.procedure(() -> {
      while (true) {
        Workflow.await(() -> !queue.isEmpty());
        T detection = queue.peek();
        String key = alertKey.apply(detection);
        boolean once = Workflow.getVersion(ONCE_PER_ALERT, Workflow.DEFAULT_VERSION, 1) >= 1;
        if (!once || !recordedKeys.contains(key)) {
          record.accept(detection);
          recorded++;
        }
        remember(key);
        queue.remove();
      }
    });
  }

  /**
   * Waits until {@code until}; answers false when the run's history passed its budget first, with
   * every detection so far recorded: the caller continues as new.
   */
  public boolean awaitUntil(Instant until) {
    Duration left = Duration.between(Instant.ofEpochMilli(Workflow.currentTimeMillis()), until);
    if ((left.isNegative() || left.isZero()) || !Workflow.await(left, HistoryBudget::spent)) {
      return true;
    }
    drain();
    return false;
  }

  /** Waits until every detection signalled so far is recorded. */
  public void drain() {
    Workflow.await(() -> queue.isEmpty() && Workflow.isEveryHandlerFinished());
  }

  /** Whether the detection of {@code alertKey} is recorded or queued: the sender need not signal it again. */
  public boolean holds(String alertKey) {
    return recordedKeys.contains(alertKey) || queue.stream().anyMatch(d -> alertKey.equals(this.alertKey.apply(d)));
  }

  public int recorded() {
    return recorded;
  }

  /** For the next run; only after {@link #drain}, so nothing is left in the queue. */
  public Carried carry() {
    return new Carried(recorded, new ArrayList<>(recordedKeys));
  }

  private void remember(String key) {
    recordedKeys.remove(key);
    recordedKeys.add(key);
    if (recordedKeys.size() > REMEMBERED_KEYS) {
      recordedKeys.remove(recordedKeys.iterator().next());
    }
  }
}
