package io.vigil.infra.persistence;

import java.time.Instant;

/** An enablement intervention and the adoption measured 14 days after it ({@code scoreAfter}, null until then). */
public record InterventionRow(
    long id,
    String adoptionId,
    String customerId,
    String featureId,
    String interventionType,
    String details,
    String resourcesShared,
    String workflowId,
    String stageBefore,
    int scoreBefore,
    Instant sentAt,
    Integer scoreAfter,
    String stageAfter,
    Instant measuredAt) {}
