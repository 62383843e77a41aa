package io.vigil.workflows.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls in wall-clock time, so that the test server skips no time while a test waits for a workflow. */
public final class Waiting {
  /**
   * How long a wait may take before the test fails. Only a failing wait lasts this long, so it is
   * generous: on a loaded machine (a build beside other builds, load 15 on 2 cores) a run flooded
   * with 5,000 signals took more than 10 s to continue as new.
   */
  public static final Duration REAL_TIME_WAIT = Duration.ofSeconds(60);

  private Waiting() {}

  /**
   * Polls {@code probe} every 20 ms until its answer matches {@code condition} and answers it; a
   * probe that throws (say, a query before the first workflow task ran) counts as not yet.
   */
  public static <T> T until(String description, Supplier<T> probe, Predicate<T> condition) {
    long deadline = System.nanoTime() + REAL_TIME_WAIT.toNanos();
    T last = null;
    RuntimeException lastFailure = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        lastFailure = notYet;
      }
      sleepRealTime(20);
    }
    AssertionError timedOut = new AssertionError("timed out waiting for " + description + "; last seen " + last);
    if (lastFailure != null) {
      timedOut.addSuppressed(lastFailure);
    }
    throw timedOut;
  }

  public static void sleepRealTime(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
