package io.vigil.workflows.common;

/** A CSM's approval of a held draft; a non-null subject or body replaces the drafted one. */
public record ApproveDraft(String approvalId, String approvedBy, String subject, String body) {}
