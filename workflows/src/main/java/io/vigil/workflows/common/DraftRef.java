package io.vigil.workflows.common;

/** What a workflow keeps of a held draft: its approval id and who must approve it, never the body. */
public record DraftRef(String approvalId, String approverId, String approverName) {}
