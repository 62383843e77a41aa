package io.vigil.workflows.incident;

import io.vigil.workflows.common.ApprovalPolicy;
import java.time.Duration;

/**
 * The response's timings: the approval wait of outreach drafts, the follow-up after resolution, and
 * how long an unresolved incident may go without any update before its response ends (keeping its
 * history bounded; null in runs started before that limit existed: they wait for ever).
 */
public record IncidentPolicy(ApprovalPolicy approval, Duration followUpAfter, Duration closeUnresolvedAfter) {}
