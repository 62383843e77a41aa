package io.vigil.activities.common;

import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.LogEntry;
import jakarta.inject.Singleton;

@Singleton
public class ActivityLogActivitiesImpl implements ActivityLogActivities {
  private final ActivityLog log;

  public ActivityLogActivitiesImpl(ActivityLog log) {
    this.log = log;
  }

  @Override
  public void log(LogEntry entry) {
    log.append(entry.idempotencyKey(), entry.customerId(), entry.workflowId(), entry.action(), entry.details());
  }
}
