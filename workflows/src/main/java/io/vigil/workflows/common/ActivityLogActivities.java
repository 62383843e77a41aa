package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface ActivityLogActivities {
  void log(LogEntry entry);
}
