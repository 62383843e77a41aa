package io.vigil.workflows.adoption;

import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.SuppressedDetections;
import java.time.Instant;

/**
 * What an enablement continued as new while waiting for its follow-up carries: the draft and how its
 * approval ended, whether the intervention was recorded, when to measure, and the detections
 * recorded so far.
 */
public record EnablementResume(DraftRef draft, String approvalStatus, boolean interventionRecorded, Instant followUpAt,
    SuppressedDetections.Carried suppressed) {}
