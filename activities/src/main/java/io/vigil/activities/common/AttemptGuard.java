package io.vigil.activities.common;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.vigil.infra.ProviderCallGuard;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps every Slack and Google call inside its activity attempt, so that when Temporal gives up on
 * an attempt, the attempt's calls are over too and the next attempt's "did it arrive?" question to
 * the provider gets a true answer:
 *
 * <ul>
 *   <li>each call first heartbeats (a dead worker is noticed within the heartbeat timeout, and an
 *       attempt Temporal has already given up on stops here, at its next call);
 *   <li>a send starts only with more than its bound (the client's timeouts) left in the attempt,
 *       else the attempt fails before sending and the next one asks the provider first.
 * </ul>
 *
 * Outside an activity (startup checks) it does nothing.
 */
@Singleton
public class AttemptGuard implements ProviderCallGuard {
  /** Room for the worker's and the server's clocks to disagree, and for the write that follows a send. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  @Override
  public void beforeCall(String call, Kind kind, Duration bound) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return;
    }
    context.heartbeat(call);
    if (kind == Kind.SEND) {
      Duration left = Duration.between(Instant.now(), attemptDeadline(context.getInfo()));
      if (left.compareTo(bound.plus(MARGIN)) < 0) {
        throw ApplicationFailure.newFailure(call + " not started with " + Math.max(0, left.toSeconds())
            + " s left in this attempt (it may take " + bound.toSeconds() + " s); the next attempt asks first whether "
            + "an earlier one got through", "AttemptTooShort");
      }
    }
  }

  /** When Temporal gives up on this attempt: its start (or, to be safe, its scheduling if later) plus start-to-close. */
  static Instant attemptDeadline(ActivityInfo info) {
    long start = Math.max(info.getStartedTimestamp(), info.getCurrentAttemptScheduledTimestamp());
    return Instant.ofEpochMilli(start).plus(info.getStartToCloseTimeout());
  }
}
