package io.vigil.activities.common;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An activity's heartbeat: its progress at every step ({@link #progress}), and the latest progress
 * again every few seconds while one long statement runs, so that the heartbeat timeout catches a
 * dead worker rather than a slow query. A retried attempt reads what the last one reported with
 * {@link #previous} and resumes from there. Made on the activity's thread; closed when it returns.
 */
public final class Heartbeat implements AutoCloseable {
  private static final long TICK_SECONDS = 10;
  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "activity-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private final ActivityExecutionContext context;
  private final ScheduledFuture<?> ticking;
  private volatile Object details;

  private Heartbeat(ActivityExecutionContext context, Object initial) {
    this.context = context;
    this.details = initial;
    this.ticking = TICKER.scheduleAtFixedRate(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
  }

  /** Starts heartbeating {@code initial} for the current activity. */
  public static Heartbeat start(Object initial) {
    return new Heartbeat(Activity.getExecutionContext(), initial);
  }

  /** What the previous attempt of this activity last reported, if it reported anything. */
  public static <T> Optional<T> previous(Class<T> type) {
    return Activity.getExecutionContext().getHeartbeatDetails(type);
  }

  /** Reports progress now (the SDK batches heartbeats to the server); throws when the activity was cancelled or timed out. */
  public void progress(Object latest) {
    details = latest;
    context.heartbeat(latest);
  }

  private void tick() {
    try {
      context.heartbeat(details);
    } catch (RuntimeException cancelledOrTimedOut) {
      // the activity's own thread learns of it at its next progress(); nothing to do here
    }
  }

  @Override
  public void close() {
    ticking.cancel(false);
  }
}
