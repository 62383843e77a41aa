package io.vigil.workflows.incident;

import io.vigil.workflows.common.PendingDrafts;
import java.time.Instant;
import java.util.List;

/**
 * What an incident response continued as new carries: the incident as last applied, what was told
 * to whom (as marks, not lists of customers: {@code notifiedThroughImpactId} is the newest impact
 * row the last round covered), the drafts still pending by approval id and key, and the updates that
 * arrived while it continued. Everything else is in {@code incident_customer_impact}.
 */
public record IncidentResume(
    IncidentSnapshot incident,
    String episode,
    ImpactSummary impact,
    int rounds,
    int ignoredUpdates,
    int failedUpdates,
    String channel,
    boolean channelAttempted,
    int channelCsms,
    String notifiedSeverity,
    List<String> notifiedComponents,
    long notifiedThroughImpactId,
    List<String> notifiedCsmsShown,
    String outreachDraftedFor,
    Instant quietUntil,
    Instant followUpDue,
    boolean followedUp,
    boolean resolutionHandled,
    int resolutions,
    PendingDrafts.Carried drafts,
    List<IncidentUpdate> inbox) {}
