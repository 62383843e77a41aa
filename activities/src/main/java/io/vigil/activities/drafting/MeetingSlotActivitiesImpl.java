package io.vigil.activities.drafting;

import io.vigil.activities.common.Lookups;
import io.vigil.activities.common.ProviderFailures;
import io.vigil.infra.DeliveryFailure;
import io.vigil.infra.persistence.Customer;
import io.vigil.infra.persistence.User;
import io.vigil.workflows.common.MeetingSlotActivities;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

@Singleton
public class MeetingSlotActivitiesImpl implements MeetingSlotActivities {
  private final Lookups lookups;
  private final MeetingSlots meetingSlots;
  private final Clock clock;

  public MeetingSlotActivitiesImpl(Lookups lookups, MeetingSlots meetingSlots, Clock clock) {
    this.lookups = lookups;
    this.meetingSlots = meetingSlots;
    this.clock = clock;
  }

  @Override
  public List<String> suggestMeetingSlots(String customerId) {
    if (!meetingSlots.available()) {
      return List.of();
    }
    Customer customer = lookups.customer(customerId);
    User csm = lookups.user(customer.csmId());
    try {
      return meetingSlots.suggest(csm.email(), zoneOf(customer), clock.instant());
    } catch (DeliveryFailure failure) {
      throw ProviderFailures.of(failure, "Calendar");
    }
  }

  /** The customer's time zone, in which the slots are offered: UTC when none is set. */
  public static ZoneId zoneOf(Customer customer) {
    return ZoneId.of(customer.timezone() == null ? "UTC" : customer.timezone());
  }
}
