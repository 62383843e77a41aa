package io.vigil.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one catalogue of activity options. Workflows pick a profile and add a summary; they never
 * assemble timeouts and retry policies of their own. Every profile has a maximum number of
 * attempts: a step that can never succeed must end in a failure the workflow can see, never retry
 * forever and block what waits behind it.
 */
public final class ActivityProfiles {

  /**
   * Local database work: quick, and retried through a database restart or failover (1 s doubling
   * to 1 min, 60 attempts span about 55 minutes). Bounded because a statement that can never
   * succeed would otherwise be retried forever; one the database refuses for its data (a NUL in a
   * title) does not even wait for the bound: the worker fails it as non-retryable ({@code
   * DataErrors} in the activities module).
   */
  public static final ActivityOptions DATABASE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(60)
                  .build())
          .build();

  /**
   * {@link #DATABASE} run as a local activity, in the workflow task that asks for it: for a short,
   * idempotent write whose caller waits on it (an update recording a decision), where an activity
   * task's round trip through the server would cost more than the write. The same timeout and
   * retries; a retry after a long backoff is a timer in the history, as the SDK does it.
   */
  public static final LocalActivityOptions LOCAL_DATABASE =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(DATABASE.getStartToCloseTimeout())
          .setRetryOptions(DATABASE.getRetryOptions())
          .build();

  /**
   * Slack and Gmail sends. Each send is keyed and checked against what the provider already holds
   * before it is repeated, so retries are safe; they are still capped at 8, because a send that keeps
   * failing should end in a recorded failure rather than hammer a provider. A 429 answers with its
   * own Retry-After, which the activity hands back as the next retry delay.
   *
   * <p>The timeouts are what make "ask the provider before sending again" sound: the next attempt
   * may only start once the previous attempt's HTTP call is over. Every provider call is bounded by
   * its client (at most 25 s: connect 5 s + read 20 s, see SlackGateway and GoogleGateway in infra),
   * the activity heartbeats before each call that could end past 40 s from its last heartbeat (or from
   * the attempt's start: a DM's calls in its first 10 s need none), and starts a send only with more
   * than that bound left in its attempt (AttemptGuard in activities). So the heartbeat timeout (40 s)
   * and the attempt's timeout (2 min) both end after any call the attempt began, and a dead worker is
   * noticed within 40 s.
   */
  public static final ActivityOptions NOTIFICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(40))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(8)
                  .build())
          .build();

  /**
   * Read-only calls to external APIs (Calendar free/busy): cheap to repeat, not worth waiting long
   * for (5 attempts). The timeout outlasts the client's 25 s bound on one call, so an attempt is not
   * abandoned while its answer is on the way.
   */
  public static final ActivityOptions EXTERNAL_READ =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(45))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  /**
   * The detection sweep's steps (roll up, detect a page, dispatch a batch): database work over many
   * customers, a few minutes at most per step. Each heartbeats, also while one long statement runs,
   * so a dead worker is noticed within a minute and the retry resumes from the last heartbeat.
   * Retries are bounded: a step that keeps failing (a query that cannot finish, Temporal refusing
   * starts) needs an operator, and tomorrow's sweep rolls up and detects again anyway.
   */
  public static final ActivityOptions SWEEP_STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  /**
   * Outbound intake webhooks (escalations to product, docs and engineering): retried until the
   * receiver accepts, since an escalation nobody receives is lost work, but not forever: 10 s doubling
   * to 30 min, 400 attempts span about eight days, long enough for a receiver's outage and a weekend.
   * Every attempt carries the same idempotency key, so a receiver that accepted an attempt whose answer
   * was lost sees a duplicate it can drop. A refusal for good (a 4xx other than 408, 425 or 429) is
   * not retried.
   */
  public static final ActivityOptions INTAKE_WEBHOOK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(10))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(30))
                  .setMaximumAttempts(400)
                  .build())
          .build();

  private ActivityProfiles() {}

  /** {@code profile} with {@code summary} for the Web UI, cut to what Temporal accepts ({@link TemporalLimits#summary}). */
  public static ActivityOptions withSummary(ActivityOptions profile, String summary) {
    return ActivityOptions.newBuilder(profile).setSummary(TemporalLimits.summary(summary)).build();
  }

  /** {@code profile} (a local activity's) with {@code summary} for the Web UI, as {@link #withSummary(ActivityOptions, String)}. */
  public static LocalActivityOptions withSummary(LocalActivityOptions profile, String summary) {
    return LocalActivityOptions.newBuilder(profile).setSummary(TemporalLimits.summary(summary)).build();
  }
}
