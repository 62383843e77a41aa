package io.vigil.activities.common;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.vigil.infra.ProviderCallGuard;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps every Slack and Google call inside its activity attempt, so that when Temporal gives up on
 * an attempt, the attempt's calls are over too and the next attempt's "did it arrive?" question to
 * the provider gets a true answer:
 *
 * <ul>
 *   <li>a call that could end past the heartbeat timeout counted from the attempt's start first
 *       heartbeats (a dead worker is noticed within the heartbeat timeout, and an attempt Temporal
 *       has already given up on stops here, at its next call);
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

  private final Clock clock;

  public AttemptGuard(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void beforeCall(String call, Kind kind, Duration bound) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return;
    }
    ActivityInfo info = context.getInfo();
    Instant now = clock.instant();
    if (!endsInsideFirstHeartbeatWindow(info, now, bound)) {
      context.heartbeat(call);
    }
    if (kind == Kind.SEND) {
      Duration left = Duration.between(now, attemptDeadline(info));
      if (left.compareTo(bound.plus(MARGIN)) < 0) {
        throw ApplicationFailure.newFailure(call + " not started with " + Math.max(0, left.toSeconds())
            + " s left in this attempt (it may take " + bound.toSeconds() + " s); the next attempt asks first whether "
            + "an earlier one got through", "AttemptTooShort");
      }
    }
  }

  /**
   * Whether a call starting {@code now} and taking at most {@code bound} ends, with the margin, before
   * the heartbeat timeout counted from the attempt's start: then it needs no heartbeat first. The
   * SDK sends an attempt's first heartbeat at once and waits for the server's answer (later ones are
   * throttled): a round trip a short DM activity spends a third of its time on when a hundred of
   * them run at once (docs/performance.md, incident fan-out). Until then Temporal cannot have timed
   * the attempt out (its heartbeat timeout runs from the attempt's start, its start-to-close is
   * checked against the bound for sends), and a dead worker is still noticed at the heartbeat
   * timeout. Only a cancellation of the activity is seen no earlier than the first heartbeat; the
   * delivery's key still keeps a send to once. Without a heartbeat timeout every call heartbeats.
   */
  static boolean endsInsideFirstHeartbeatWindow(ActivityInfo info, Instant now, Duration bound) {
    Duration timeout = info.getHeartbeatTimeout();
    if (timeout == null || timeout.isZero()) {
      return false;
    }
    Instant callEnds = now.plus(bound).plus(MARGIN);
    return callEnds.isBefore(attemptStart(info).plus(timeout));
  }

  /** When Temporal gives up on this attempt: its start plus start-to-close. */
  static Instant attemptDeadline(ActivityInfo info) {
    return attemptStart(info).plus(info.getStartToCloseTimeout());
  }

  /** The attempt's start, or, to be safe, its scheduling if later. */
  private static Instant attemptStart(ActivityInfo info) {
    return Instant.ofEpochMilli(Math.max(info.getStartedTimestamp(), info.getCurrentAttemptScheduledTimestamp()));
  }
}
