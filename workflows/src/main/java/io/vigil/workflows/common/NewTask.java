package io.vigil.workflows.common;

import java.time.Instant;

public record NewTask(
    String idempotencyKey,
    String title,
    String description,
    String assigneeId,
    String customerId,
    TaskPriority priority,
    Instant dueAt,
    String workflowId) {}
