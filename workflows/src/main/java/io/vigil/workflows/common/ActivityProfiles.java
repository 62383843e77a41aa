package io.vigil.workflows.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The one catalogue of activity options. Workflows pick a profile and add a summary; they never
 * assemble timeouts and retry policies of their own.
 */
public final class ActivityProfiles {

  /** Local database work: quick, and safe to retry for as long as the database is away. */
  public static final ActivityOptions DATABASE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /**
   * Slack and Gmail sends. Each send is keyed and checked against what the provider already holds
   * before it is repeated, so retries are safe; they are still capped, because a send that keeps
   * failing should surface to an operator rather than hammer a provider. A 429 answers with its own
   * Retry-After, which the activity hands back as the next retry delay.
   */
  public static final ActivityOptions NOTIFICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(2))
                  .setMaximumAttempts(8)
                  .build())
          .build();

  /** Read-only calls to external APIs (Calendar free/busy): cheap to repeat, not worth waiting long for. */
  public static final ActivityOptions EXTERNAL_READ =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
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

  private ActivityProfiles() {}

  public static ActivityOptions withSummary(ActivityOptions profile, String summary) {
    return ActivityOptions.newBuilder(profile).setSummary(summary).build();
  }
}
