package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which days are evaluated. Weekends and configured holidays ({@code VIGIL_HOLIDAYS}, comma-separated
 * ISO dates) are not: a drop that starts on a Saturday is judged by Monday's evaluation.
 */
@Singleton
public class DetectionCalendar {
  private final Set<LocalDate> holidays;

  public DetectionCalendar(@Value("${vigil.holidays:}") List<String> holidays) {
    this.holidays = new TreeSet<>();
    for (String day : holidays) {
      if (!day.isBlank()) {
        this.holidays.add(LocalDate.parse(day.trim()));
      }
    }
  }

  public Set<LocalDate> holidays() {
    return holidays;
  }

  /** A day that is not evaluated: {@code kind} is {@code weekend} or {@code holiday}, {@code reason} says so in words. */
  public record Skip(String kind, String reason) {}

  /** Why {@code day} is not evaluated, or empty when it is. */
  public Optional<Skip> skip(LocalDate day) {
    if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return Optional.of(new Skip("weekend",
          day + " is a " + pretty(day.getDayOfWeek()) + ": weekends are not evaluated; Monday's evaluation covers them"));
    }
    if (holidays.contains(day)) {
      return Optional.of(new Skip("holiday", day + " is a configured holiday: not evaluated; the next business day covers it"));
    }
    return Optional.empty();
  }

  /** Why {@code day} is not evaluated, in words, or empty when it is. */
  public Optional<String> skipReason(LocalDate day) {
    return skip(day).map(Skip::reason);
  }

  private static String pretty(DayOfWeek day) {
    String name = day.name().toLowerCase();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
