package io.vigil.activities.detection;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A country's public holidays, from Jollyday's maintained calendars (the days off as observed: a
 * holiday on a Saturday moved to the Friday counts on the Friday). Which countries' calendars apply
 * is {@code vigil.holiday-calendars} ({@code VIGIL_HOLIDAY_CALENDARS}): {@code all} (the default),
 * {@code none}, or a comma-separated list of countries (the others get none). A country Jollyday has
 * no calendar for has no public holidays here (logged once).
 */
@Singleton
public class PublicHolidays {
  private static final Logger LOG = LoggerFactory.getLogger(PublicHolidays.class);
  /** No calendars at all: what tests and {@code VIGIL_HOLIDAY_CALENDARS=none} get. */
  public static final PublicHolidays NONE = new PublicHolidays("none");

  private final boolean all;
  private final Set<String> countries;
  /** Holidays by country and year: a calendar is read once per year it is asked about. */
  private final Map<String, Set<LocalDate>> byCountryYear = new ConcurrentHashMap<>();

  public PublicHolidays(@Value("${vigil.holiday-calendars:all}") String calendars) {
    String setting = calendars == null ? "all" : calendars.strip();
    this.all = setting.equalsIgnoreCase("all");
    if (all || setting.equalsIgnoreCase("none") || setting.isEmpty()) {
      this.countries = Set.of();
    } else {
      this.countries = Set.of(setting.split(",")).stream().map(c -> Countries.require(c, "vigil.holiday-calendars"))
          .collect(Collectors.toUnmodifiableSet());
    }
  }

  /** Whether {@code country}'s calendar is used. */
  public boolean covers(String country) {
    return country != null && (all || countries.contains(country));
  }

  /** {@code country}'s public holidays from {@code from} to {@code to}, both included; none for an uncovered country. */
  public Set<LocalDate> between(String country, LocalDate from, LocalDate to) {
    Set<LocalDate> days = new TreeSet<>();
    if (!covers(country)) {
      return days;
    }
    for (int year = from.getYear(); year <= to.getYear(); year++) {
      for (LocalDate day : ofYear(country, year)) {
        if (!day.isBefore(from) && !day.isAfter(to)) {
          days.add(day);
        }
      }
    }
    return days;
  }

  private Set<LocalDate> ofYear(String country, int year) {
    return byCountryYear.computeIfAbsent(country + "/" + year, key -> read(country, year));
  }

  private static Set<LocalDate> read(String country, int year) {
    if (!HolidayManager.getSupportedCalendarCodes().contains(country)) {
      LOG.warn("No public holiday calendar for {}: its customers are judged on every weekday", country);
      return Set.of();
    }
    HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(country));
    return manager.getHolidays(java.time.Year.of(year), HolidayType.PUBLIC_HOLIDAY).stream()
        .map(Holiday::getDate)
        .collect(Collectors.toUnmodifiableSet());
  }
}
