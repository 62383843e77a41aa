package io.vigil.workflows.common;

import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Detections signalled to a playbook's workflow while it runs (or cools down): the signal handler
 * only queues them, a background procedure records each in order (as activities, which handlers
 * should not block on), and the workflow drains the queue before it closes, because the sweep has
 * already reported them as suppressed.
 */
public final class SuppressedDetections<T> {
  private final Deque<T> queue = new ArrayDeque<>();
  private int recorded;

  /** From the signal handler. */
  public void add(T detection) {
    queue.add(detection);
  }

  /** Starts the background procedure; {@code record} runs once per detection, in arrival order. */
  public void startRecording(Consumer<T> record) {
    Async.procedure(() -> {
      while (true) {
        Workflow.await(() -> !queue.isEmpty());
        record.accept(queue.peek());
        recorded++;
        queue.remove();
      }
    });
  }

  /** Waits until every detection signalled so far is recorded. */
  public void drain() {
    Workflow.await(() -> queue.isEmpty() && Workflow.isEveryHandlerFinished());
  }

  public int recorded() {
    return recorded;
  }
}
