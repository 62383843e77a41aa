package io.vigil.workflows.common;

public record RejectDraft(String approvalId, String rejectedBy, String reason) {}
