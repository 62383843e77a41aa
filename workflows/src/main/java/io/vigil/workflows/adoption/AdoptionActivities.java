package io.vigil.workflows.adoption;

import io.temporal.activity.ActivityInterface;
import io.vigil.workflows.common.Delivery;
import io.vigil.workflows.common.TriggerOutcome;
import io.vigil.workflows.common.DraftRef;
import java.util.List;

/**
 * The adoption steps that know the playbook's wording; delivery, tasks, approvals and logging are
 * the shared activities. Prefixed so their activity types never clash with the usage-drop ones.
 */
@ActivityInterface(namePrefix = "Adoption")
public interface AdoptionActivities {
  /** Records the adoption_stalled risk signal and marks its features alerted (the 30-day window starts). */
  long recordRiskSignal(String idempotencyKey, AdoptionAlert alert);

  /** Records the alert's firing, or a detection suppressed because this customer's enablement is running. */
  void recordDetection(String idempotencyKey, AdoptionAlert detection, TriggerOutcome outcome, String reason);

  /** Who tried each feature, when its use stopped, and what support ticket data there is. */
  List<FeatureGap> analyzeGaps(String idempotencyKey, AdoptionAlert alert);

  /** The PRD 5.1 Slack DM to the CSM with the gap analysis and the features' resources (email without Slack). */
  Delivery notifyCsm(String idempotencyKey, AdoptionAlert alert, List<FeatureGap> gaps);

  /**
   * Drafts the PRD 10.1 enablement email to the champion, offering {@code meetingSlots}, and holds it
   * for the CSM's approval. Runs from before the slots were a step of their own pass null: no slots.
   */
  DraftRef draftEnablementEmail(String idempotencyKey, AdoptionAlert alert, List<String> meetingSlots);

  /** Records the sent enablement as an intervention on each of the alert's features; answers how many. */
  int recordInterventions(String idempotencyKey, AdoptionAlert alert, String interventionType, String approvalId);

  /** Measures each feature's adoption now against the alert and records it (interventions' outcome included). */
  List<AdoptionChange> measureFollowUp(String idempotencyKey, AdoptionAlert alert);
}
