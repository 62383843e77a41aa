package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** {@code status}: open, or done once completed ({@code completedAt}, {@code completedBy}: V200). */
@MappedEntity("tasks")
public record Task(
    @Id Long id,
    String title,
    @Nullable String description,
    String assigneeId,
    String customerId,
    String priority,
    Instant dueAt,
    Instant createdAt,
    String status,
    @Nullable String workflowId,
    @Nullable Instant completedAt,
    @Nullable String completedBy) {
  /** The columns a Task is read from, for statements written by hand. */
  public static final String COLUMNS = "id, title, description, assignee_id, customer_id, priority, due_at, created_at,"
      + " status, workflow_id, completed_at, completed_by";
}
