package io.vigil.workflows.common;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The one way a playbook runs a step it can do without: a Slack or email delivery, a reminder, the
 * meeting slots, the coordination channel. When the step's activity fails for good (its retries
 * are spent, or the provider said no for good), the failure is recorded where people look (a
 * {@code step_failed} line in the customer's activity, its deliveries marked failed in
 * notifications) and the playbook goes on without the step's result. A provider that misbehaves
 * never fails the playbook.
 *
 * <p>Only activity failures are caught: a bug in the workflow itself, or its cancellation, still
 * ends it. Steps the playbook cannot do without (recording the risk signal, the task, the draft)
 * are not run through here.
 */
public final class BestEffort {
  private static final Logger LOG = Workflow.getLogger(BestEffort.class);
  /** Reasons are provider messages; this is plenty for a person reading the activity log. */
  private static final int REASON_BYTES = 1_000;

  private BestEffort() {}

  /**
   * An optional step: {@code key} is its business key (the deliveries it makes are keyed under it),
   * {@code customerIds} the customers whose activity records its failure, {@code name} what it is
   * ("notify-csm"), {@code consequence} what happens instead, said to the person reading the log.
   */
  public record Step(String key, List<String> customerIds, String name, String consequence) {
    public static Step of(String key, String customerId, String name, String consequence) {
      return new Step(key, customerId == null ? List.of() : List.of(customerId), name, consequence);
    }
  }

  /** What a step came to: its result, or why it failed for good (null when it did not fail). */
  public record Outcome<T>(T result, String failure) {
    public boolean failed() {
      return failure != null;
    }
  }

  /** Runs {@code step}; answers its result, or empty when it failed for good (the failure is recorded). */
  public static <T> Optional<T> bestEffort(Step step, Supplier<T> body) {
    return Optional.ofNullable(attempt(step, body).result());
  }

  /** As {@link #bestEffort(Step, Supplier)}, for a caller whose next step depends on why it failed. */
  public static <T> Outcome<T> attempt(Step step, Supplier<T> body) {
    try {
      return new Outcome<>(body.get(), null);
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure) {
        throw failure;
      }
      String reason = reason(failure);
      record(step, reason);
      return new Outcome<>(null, reason);
    }
  }

  /** Runs {@code step}; answers whether it succeeded (a failure for good is recorded). */
  public static boolean bestEffort(Step step, Runnable body) {
    return bestEffort(step, () -> {
      body.run();
      return Boolean.TRUE;
    }).isPresent();
  }

  /** Why an activity failed for good, in the provider's words where there are any. */
  public static String reason(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String reason;
    if (cause instanceof ApplicationFailure application) {
      reason = application.getOriginalMessage();
    } else if (cause instanceof TimeoutFailure timeout) {
      reason = "timed out (" + timeout.getTimeoutType().name().toLowerCase().replace("timeout_type_", "").replace('_', ' ')
          + ")" + (timeout.getCause() instanceof ApplicationFailure last ? " after: " + last.getOriginalMessage() : "");
    } else {
      reason = cause == null ? failure.getMessage() : cause.getMessage();
    }
    return TemporalLimits.text(reason == null || reason.isBlank() ? "failed" : reason, REASON_BYTES);
  }

  private static void record(Step step, String reason) {
    String workflowId = Workflow.getInfo().getWorkflowId();
    LOG.warn("{}: optional step {} failed for good ({}); going on: {}", workflowId, step.name(), reason, step.consequence());
    try {
      Workflow.newActivityStub(ActivityLogActivities.class,
              ActivityProfiles.withSummary(ActivityProfiles.DATABASE, "Record that " + step.name() + " failed"))
          .recordStepFailure(new StepFailure(step.key(), step.customerIds(), workflowId, step.name(), reason,
              step.consequence()));
    } catch (ActivityFailure unrecorded) {
      // the database is away for longer than DATABASE's retries: the failure stays in the history
      LOG.error("{}: could not record the failure of {}: {}", workflowId, step.name(), reason(unrecorded));
    }
  }
}
