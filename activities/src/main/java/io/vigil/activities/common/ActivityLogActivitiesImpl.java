package io.vigil.activities.common;

import io.micronaut.transaction.annotation.Transactional;
import io.vigil.infra.persistence.NotificationRepository;
import io.vigil.workflows.common.ActivityLogActivities;
import io.vigil.workflows.common.LogEntry;
import io.vigil.workflows.common.StepFailure;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Singleton
public class ActivityLogActivitiesImpl implements ActivityLogActivities {
  private final ActivityLog log;
  private final NotificationRepository notifications;

  public ActivityLogActivitiesImpl(ActivityLog log, NotificationRepository notifications) {
    this.log = log;
    this.notifications = notifications;
  }

  @Override
  public void log(LogEntry entry) {
    log.append(entry.idempotencyKey(), entry.customerId(), entry.workflowId(), entry.action(), entry.details());
  }

  /** The deliveries and the log lines change together, so a retry after the commit changes nothing more. */
  @Override
  @Transactional
  public void recordStepFailure(StepFailure failure) {
    // a reason may quote refused data
    String reason = failure.reason() == null ? "failed" : ActivityLog.storable(failure.reason());
    int undelivered = notifications.failPending(failure.key(), reason);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("step", failure.step());
    details.put("reason", reason);
    details.put("consequence", failure.consequence());
    details.put("undeliveredNotifications", undelivered);
    List<String> customers = failure.customerIds() == null ? List.of() : failure.customerIds();
    if (customers.isEmpty()) {
      log.append(failure.key() + "/failed", null, failure.workflowId(), "step_failed", details);
    }
    for (String customerId : customers) {
      String key = customers.size() == 1 ? failure.key() + "/failed" : failure.key() + "/failed/" + customerId;
      log.append(key, customerId, failure.workflowId(), "step_failed", details);
    }
  }
}
