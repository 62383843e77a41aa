package io.vigil.workflows.silence;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.DraftRef;
import java.util.List;

/** The check-in after silence's own steps; the approval wait, delivery and storage are shared. */
@ActivityInterface
public interface SilenceActivities {
  /** A contact after the alert's last one (made between the sweep's read and this run), or null when the silence holds. */
  ContactMade findSilenceContact(SilenceAlert alert);

  /**
   * Drafts the check-in to the champion, offering {@code meetingSlots}, with talking points from the
   * customer's health inputs and open tickets for the CSM, and holds it for the CSM's approval.
   */
  DraftRef draftSilenceCheckin(String idempotencyKey, SilenceAlert alert, List<String> meetingSlots);

  /** Tells the CSM (Slack DM, email when Slack is not connected) of the silence, the talking points and the draft. */
  Delivery notifyCsmOfSilence(String idempotencyKey, SilenceAlert alert, String approvalId);
}
