package io.vigil.workflows.incident;

import io.vigil.workflows.common.ApprovalPolicy;
import java.time.Duration;

/** The response's timings: the approval wait of outreach drafts and the follow-up after resolution. */
public record IncidentPolicy(ApprovalPolicy approval, Duration followUpAfter) {}
