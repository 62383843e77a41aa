package io.vigil.workflows.usagedrop;

import io.vigil.workflows.common.DraftRef;
import io.vigil.workflows.common.SuppressedDetections;
import java.time.Instant;

/**
 * What a check-in continued as new in its cooldown carries: the draft and how its approval ended
 * (a late decision is still refused as already decided or expired), the end of the cooldown, and the
 * detections recorded so far.
 */
public record CheckinResume(DraftRef draft, String approvalStatus, Instant cooldownUntil, SuppressedDetections.Carried suppressed) {}
