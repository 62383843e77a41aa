package io.vigil.workflows.detractor;

import java.time.Instant;

/**
 * Where a follow-up stands: its stage, the held reply ({@code approvalId}, {@code approvalStatus}:
 * pending, approved, rejected, expired, failed), when the follow-up task is due, and the outcome
 * recorded at the end ({@link DetractorOutcome}, null until then).
 */
public record DetractorState(String stage, String severity, String approvalId, String approvalStatus, Instant taskDueAt,
    DetractorOutcome outcome) {}
