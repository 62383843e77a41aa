package io.vigil.workflows.expansion;

import io.vigil.workflows.common.SuppressedDetections;
import java.time.Instant;

/** What an opportunity continued as new (its history flooded by suppressed triggers) carries. */
public record ExpansionResume(Instant openedAt, Instant cooldownUntil, SuppressedDetections.Carried suppressed) {}
