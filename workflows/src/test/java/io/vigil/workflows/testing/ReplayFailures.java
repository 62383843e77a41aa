package io.vigil.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.NonDeterministicException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Replays recorded histories, and recognises a replay that failed because the workflow code no
 * longer matches its history.
 */
public final class ReplayFailures {
  private ReplayFailures() {}

  /** {@code failure} and its causes, outermost first. */
  public static Stream<Throwable> causes(Throwable failure) {
    return Stream.iterate(failure, t -> t != null, Throwable::getCause);
  }

  /**
   * The SDK 1.38 replayer runs the history as a replay-only query, so a NonDeterministicException
   * raised inside it comes back as a RuntimeException ("query failure … error=
   * io.temporal.worker.NonDeterministicException: [TMPRL1100] …") that carries it by name, not as
   * its cause. Either form counts.
   */
  public static boolean isNonDeterminism(Throwable t) {
    return t instanceof NonDeterministicException
        || (t.getMessage() != null && t.getMessage().contains(NonDeterministicException.class.getName() + ": [TMPRL1100]"));
  }

  /**
   * Replays are about determinism, not deadlocks: the first workflow task of a cold JVM on a busy
   * machine can take over the SDK's default second (TMPRL1101, "didn't yield control") while it
   * links the SDK's classes, and fail a replay that is in fact deterministic.
   */
  private static final long REPLAY_DEADLOCK_DETECTION_MS = 15_000;

  /** The current implementation must replay the recorded history without a difference. */
  public static void assertReplays(Path history, Class<?> workflowImplementation) {
    String json = HistoryRecorder.read(history);
    assertThatCode(() -> replay(json, workflowImplementation)).doesNotThrowAnyException();
  }

  /** Replays {@code json} on a worker of its own, as WorkflowReplayer does, with a patient deadlock detector. */
  private static void replay(String json, Class<?> workflowImplementation) throws Exception {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      Worker worker = env.newWorker("replay", WorkerOptions.newBuilder()
          .setDefaultDeadlockDetectionTimeout(REPLAY_DEADLOCK_DETECTION_MS).build());
      worker.registerWorkflowImplementationTypes(workflowImplementation);
      WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), worker);
    } finally {
      env.close();
    }
  }

  /**
   * A changed implementation must fail to replay the recorded history with non-determinism;
   * answers the failure so the caller can check it was the change that was caught.
   */
  public static Throwable assertNonDeterministic(Path history, Class<?> changedImplementation) {
    String json = HistoryRecorder.read(history);
    Throwable failure = catchThrowable(() -> replay(json, changedImplementation));
    assertThat(failure).as("replaying %s against a reordered workflow", history.getFileName()).isNotNull();
    assertThat(causes(failure)).as("cause chain of %s", failure).anyMatch(ReplayFailures::isNonDeterminism);
    return failure;
  }
}
