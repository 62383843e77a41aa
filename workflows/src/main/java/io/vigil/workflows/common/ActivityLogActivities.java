package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ActivityLogActivities {
  void log(LogEntry entry);

  /**
   * Records an optional step that failed for good: a {@code step_failed} line in the activity of
   * each of its customers, and every delivery keyed under the step that is still pending marked
   * failed with the reason (its attempts are over, so none of them is still sending). Once per key.
   */
  void recordStepFailure(StepFailure failure);
}
