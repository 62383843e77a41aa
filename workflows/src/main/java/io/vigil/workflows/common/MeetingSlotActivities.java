package io.vigil.workflows.common;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Meeting times offered in a drafted email, from the CSM's Google Calendar. */
@ActivityInterface
public interface MeetingSlotActivities {
  /**
   * Free 30-minute slots of the customer's CSM over the next business days, in the customer's time
   * zone, as the email words them; none when Google is not connected.
   */
  List<String> suggestMeetingSlots(String customerId);
}
