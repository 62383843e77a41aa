package io.vigil.workflows.common;

/** What the workflow answered to a {@link DraftDecision}: the approval's status afterwards. */
public record DecisionResult(String approvalId, String status) {}
