package io.vigil.workflows.testing;

import io.temporal.worker.NonDeterministicException;
import java.util.stream.Stream;

/** Recognises a replay that failed because the workflow code no longer matches its history. */
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
}
