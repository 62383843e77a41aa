package io.vigil.workflows.common;

import java.util.List;

/**
 * An optional step that failed for good, as {@link BestEffort} records it: its key (deliveries
 * keyed under it that are still pending are marked failed), the customers whose activity it
 * belongs to (none: the workflow's own), the step, why it failed, and what happens instead.
 */
public record StepFailure(
    String key, List<String> customerIds, String workflowId, String step, String reason, String consequence) {}
