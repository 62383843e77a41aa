package io.vigil.workflows.silence;

import java.time.Instant;

/**
 * Where a check-in after silence stands: {@code approvalStatus} null until a draft is held, then
 * pending, approved, rejected, expired, failed or withdrawn; {@code contact} the contact that ended
 * the silence while it ran, if one did.
 */
public record SilenceState(String stage, String approvalId, String approvalStatus, ContactMade contact,
    Instant cooldownUntil) {}
