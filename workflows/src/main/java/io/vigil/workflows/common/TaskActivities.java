package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface TaskActivities {
  /** Creates the task once per idempotency key and answers its id. */
  long createTask(NewTask task);
}
