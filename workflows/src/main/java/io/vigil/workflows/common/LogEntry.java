package io.vigil.workflows.common;

import java.util.Map;

/** One line of the agent activity log, keyed so a retried step logs once. */
public record LogEntry(
    String idempotencyKey, String customerId, String workflowId, String action, Map<String, Object> details) {}
