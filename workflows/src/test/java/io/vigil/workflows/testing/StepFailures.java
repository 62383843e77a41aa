package io.vigil.workflows.testing;

import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.verify;

import io.temporal.failure.ApplicationFailure;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.StepFailure;
import java.util.List;
import org.mockito.ArgumentCaptor;

/** Optional steps that failed for good, as the workflow recorded them through the mocked activity log. */
public final class StepFailures {
  private StepFailures() {}

  /** Every {@code recordStepFailure} so far, in order. */
  public static List<StepFailure> recorded(ActivityLogActivities activityLog) {
    ArgumentCaptor<StepFailure> failures = ArgumentCaptor.forClass(StepFailure.class);
    verify(activityLog, atLeast(0)).recordStepFailure(failures.capture());
    return failures.getAllValues();
  }

  /** The failure recorded for the step named {@code step}; exactly one must exist. */
  public static StepFailure of(ActivityLogActivities activityLog, String step) {
    List<StepFailure> matching = recorded(activityLog).stream().filter(f -> f.step().equals(step)).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one recorded failure of " + step + " but saw " + recorded(activityLog));
    }
    return matching.get(0);
  }

  /** What a provider that refuses for good makes the activity throw (Slack's invalid_auth, a Google 4xx). */
  public static ApplicationFailure permanent(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, "DeliveryFailed");
  }

  /** What the worker makes of an activity whose data PostgreSQL refused (DataErrors in activities): a NUL in a title. */
  public static ApplicationFailure dataError() {
    return ApplicationFailure.newNonRetryableFailure(
        "the database refused the data (SQLSTATE 22021): ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "DataError");
  }

  /** What a provider outage makes the activity throw on every attempt (an HTTP 503): retried, until the attempts run out. */
  public static ApplicationFailure outage(String message) {
    return ApplicationFailure.newFailure(message, "DeliveryUnavailable");
  }
}
