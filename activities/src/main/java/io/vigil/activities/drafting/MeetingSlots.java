package io.vigil.activities.drafting;

import io.vigil.infra.google.GoogleGateway;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Suggests meeting slots from the CSM's Google Calendar free/busy: the first free 30-minute slots
 * between 10:00 and 16:00 on the next business days, in the customer's time zone, one per day.
 */
@Singleton
public class MeetingSlots {
  private static final int SLOTS = 3;
  private static final Duration LENGTH = Duration.ofMinutes(30);
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEEE, MMMM d 'at' HH:mm", Locale.US);

  private final GoogleGateway google;

  public MeetingSlots(GoogleGateway google) {
    this.google = google;
  }

  public boolean available() {
    return google.isConnected();
  }

  public List<String> suggest(String csmEmail, ZoneId zone, Instant now) {
    LocalDate firstDay = now.atZone(zone).toLocalDate().plusDays(1);
    Instant windowStart = firstDay.atStartOfDay(zone).toInstant();
    Instant windowEnd = windowStart.plus(Duration.ofDays(8));
    List<Instant[]> busy = google.busy(csmEmail, windowStart, windowEnd);
    List<String> slots = new ArrayList<>();
    for (LocalDate day = firstDay; slots.size() < SLOTS && day.isBefore(firstDay.plusDays(8)); day = day.plusDays(1)) {
      if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      for (ZonedDateTime start = day.atTime(LocalTime.of(10, 0)).atZone(zone);
          start.toLocalTime().isBefore(LocalTime.of(16, 0));
          start = start.plus(LENGTH)) {
        Instant from = start.toInstant();
        Instant to = from.plus(LENGTH);
        if (busy.stream().noneMatch(b -> b[0].isBefore(to) && b[1].isAfter(from))) {
          slots.add(FORMAT.format(start));
          break;
        }
      }
    }
    return slots;
  }
}
