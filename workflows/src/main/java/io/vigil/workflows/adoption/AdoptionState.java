package io.vigil.workflows.adoption;

import java.time.Instant;
import java.util.List;

/** What {@code getState} answers: where the enablement is, for operators and the API. */
public record AdoptionState(
    String stage,
    String severity,
    String approvalId,
    String approvalStatus,
    boolean interventionRecorded,
    Instant followUpAt,
    int suppressedDetections,
    List<AdoptionChange> changes) {}
