package io.vigil.workflows.usagedrop;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.DraftRef;
import java.util.List;

/** The usage-drop steps that know the playbook's wording; delivery and storage are shared below them. */
@ActivityInterface
public interface UsageDropActivities {
  long recordRiskSignal(String idempotencyKey, UsageDropAlert alert);

  /** Records the trigger's firing, or a detection suppressed by a running alert or its cooldown. */
  void recordTriggerEvent(String idempotencyKey, UsageDropAlert alert, TriggerOutcome outcome, String reason);

  /** The PRD 5.1 Slack DM to the CSM, or the same text by email when Slack is not connected. */
  Delivery notifyCsm(String idempotencyKey, UsageDropAlert alert);

  /** Critical drops also email the CSM at once. */
  Delivery emailCsmUrgently(String idempotencyKey, UsageDropAlert alert);

  /**
   * Drafts the PRD 10.1 check-in email to the champion, offering {@code meetingSlots}, and holds it
   * for the CSM's approval. Runs from before the slots were a step of their own pass null: no slots.
   */
  DraftRef draftCheckinEmail(String idempotencyKey, UsageDropAlert alert, List<String> meetingSlots);
}
