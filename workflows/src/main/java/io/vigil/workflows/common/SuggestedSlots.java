package io.vigil.workflows.common;

import static io.vigil.workflows.common.BestEffort.bestEffort;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.vigil.workflows.common.BestEffort.Step;
import java.util.List;

/**
 * The meeting slots step every playbook's draft shares: optional, so a Calendar that refuses (a 403
 * on free/busy) or stays down leaves the draft without meeting times, with a note in the activity.
 */
public final class SuggestedSlots {
  /** Marks the change from slots fetched inside the draft activity to this step of its own. */
  public static final String CHANGE_ID = "meeting-slots-step";

  private SuggestedSlots() {}

  /** The slots to offer in the draft keyed {@code keyPrefix}; none when Calendar failed for good. */
  public static List<String> suggest(String keyPrefix, String customerId) {
    return bestEffort(Step.of(keyPrefix + "/meeting-slots", customerId, "meeting-slots",
            "the draft offers no meeting times; the CSM can still propose some when approving it"),
        () -> Workflow.newActivityStub(MeetingSlotActivities.class,
                ActivityProfiles.withSummary(ActivityProfiles.EXTERNAL_READ, "Free meeting slots from the CSM's calendar"))
            .suggestMeetingSlots(customerId))
        .orElse(List.of());
  }

  /** Whether this run drafts with the slots step: every run that had not drafted before the change. */
  public static boolean stepInUse() {
    return Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** A playbook's draft activity, run with {@code profile} and the {@code meetingSlots} to offer. */
  public interface Drafting<T> {
    T draft(ActivityOptions profile, List<String> meetingSlots);
  }

  /**
   * Suggests slots (the step of its own), then drafts offering them; a run that started before the
   * step existed drafts as it did then, the draft activity asking Calendar itself.
   */
  public static <T> T thenDraft(String keyPrefix, String customerId, Drafting<T> drafting) {
    if (stepInUse()) {
      return drafting.draft(ActivityProfiles.DATABASE, suggest(keyPrefix, customerId));
    }
    return drafting.draft(ActivityProfiles.EXTERNAL_READ, null);
  }
}
