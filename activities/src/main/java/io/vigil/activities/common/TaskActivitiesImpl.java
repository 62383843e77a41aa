package io.vigil.activities.common;

import io.micronaut.transaction.annotation.Transactional;
import io.vigil.infra.persistence.TaskRepository;
import io.vigil.workflows.common.NewTask;
import io.vigil.workflows.common.TaskActivities;
import jakarta.inject.Singleton;
import java.util.Map;

@Singleton
public class TaskActivitiesImpl implements TaskActivities {
  private final TaskRepository tasks;
  private final ActivityLog log;

  public TaskActivitiesImpl(TaskRepository tasks, ActivityLog log) {
    this.tasks = tasks;
    this.log = log;
  }

  /** The task and its log line commit together: a retry after the commit finds the task and logs nothing twice. */
  @Override
  @Transactional
  public long createTask(NewTask task) {
    long id = tasks.insertOnce(task.idempotencyKey(), task.title(), task.description(), task.assigneeId(),
        task.customerId(), task.priority().label(), task.dueAt(), task.workflowId());
    log.append(task.idempotencyKey(), task.customerId(), task.workflowId(), "task_created",
        Map.of("taskId", id, "title", task.title(), "assigneeId", task.assigneeId(), "priority", task.priority().label(),
            "dueAt", task.dueAt().toString()));
    return id;
  }
}
