package io.vigil.workflows.common;

import java.time.Duration;

/** How long a draft waits: a reminder after {@code remindAfter}, expiry after {@code expireAfter}. */
public record ApprovalPolicy(Duration remindAfter, Duration expireAfter, boolean sendAsGmailDraft) {
  public static final ApprovalPolicy DEFAULT =
      new ApprovalPolicy(Duration.ofHours(24), Duration.ofDays(7), false);
}
