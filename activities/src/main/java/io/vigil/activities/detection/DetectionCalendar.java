package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.vigil.infra.persistence.CommonModeDayStore;
import io.vigil.infra.persistence.CustomerPlace;
import io.vigil.infra.persistence.HolidayDays;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.DayTally;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which days are evaluated, for whom. Weekends and configured holidays ({@code VIGIL_HOLIDAYS},
 * comma-separated ISO dates) are not, for anyone: a drop that starts on a Saturday is judged by
 * Monday's evaluation. A customer's own public holidays (its country's calendar, see {@link
 * CountryResolver} and {@link PublicHolidays}) are not evaluated for that customer, and neither kind
 * of holiday is part of a baseline. A past common-mode day ({@link CommonModeRule}) is remembered and
 * from then on taken as a holiday of its group: the portfolio's for everyone, a country's for that
 * country's customers.
 */
@Singleton
public class DetectionCalendar {
  private final Set<LocalDate> holidays;
  private final CountryResolver countries;
  private final PublicHolidays publicHolidays;
  private final CommonModeDayStore commonModeDays;

  @Inject
  public DetectionCalendar(@Value("${vigil.holidays:}") List<String> holidays, CountryResolver countries,
      PublicHolidays publicHolidays, @Nullable CommonModeDayStore commonModeDays) {
    this.holidays = new TreeSet<>();
    for (String day : holidays) {
      if (!day.isBlank()) {
        this.holidays.add(LocalDate.parse(day.trim()));
      }
    }
    this.countries = countries;
    this.publicHolidays = publicHolidays;
    this.commonModeDays = commonModeDays;
  }

  /** Without a memory of common-mode days. */
  public DetectionCalendar(List<String> holidays, CountryResolver countries, PublicHolidays publicHolidays) {
    this(holidays, countries, publicHolidays, null);
  }

  /** Configured holidays only, no country calendars, no memory of common-mode days. */
  public DetectionCalendar(List<String> holidays) {
    this(holidays, CountryResolver.OWN_COUNTRY_ONLY, PublicHolidays.NONE);
  }

  public Set<LocalDate> holidays() {
    return holidays;
  }

  /** A day that is not evaluated: {@code kind} is {@code weekend} or {@code holiday}, {@code reason} says so in words. */
  public record Skip(String kind, String reason) {}

  /** Why {@code day} is not evaluated for anyone, or empty when it is evaluated (for customers without a holiday of their own). */
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

  /**
   * The holidays of some customers over [{@code from}, {@code day}]: what a detection query leaves
   * out ({@code days}), who has the evaluated {@code day} off ({@code offOnDay}), and the country
   * whose calendar each customer follows ({@code countries}; customers without one are absent).
   */
  public record Window(HolidayDays days, Set<String> offOnDay, Map<String, String> countries) {}

  /**
   * The days off of {@code places} over [{@code from}, {@code day}]: configured holidays, the
   * public holidays of each customer's country, and the common-mode days remembered before {@code
   * day} (the evaluated day itself is judged afresh: evaluating it again is how a day is forgotten).
   */
  public Window window(Collection<CustomerPlace> places, LocalDate from, LocalDate day) {
    Set<LocalDate> everyone = new TreeSet<>(holidays);
    Map<String, Set<LocalDate>> commonModeOf = new HashMap<>();
    if (commonModeDays != null && from.isBefore(day)) {
      for (CommonModeDayStore.RememberedDay remembered : commonModeDays.between(from, day.minusDays(1))) {
        if (remembered.group().equals(DayTally.PORTFOLIO)) {
          everyone.add(remembered.day());
        } else {
          commonModeOf.computeIfAbsent(remembered.group(), g -> new TreeSet<>()).add(remembered.day());
        }
      }
    }
    Map<String, Set<LocalDate>> byCountry = new HashMap<>();
    Map<String, String> countryOf = new HashMap<>();
    List<String> ids = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    Set<String> offOnDay = new HashSet<>();
    for (CustomerPlace place : places) {
      Optional<String> country = countries.countryOf(place);
      if (country.isEmpty()) {
        continue;
      }
      countryOf.put(place.customerId(), country.get());
      for (LocalDate off : byCountry.computeIfAbsent(country.get(), c -> daysOff(c, from, day, everyone, commonModeOf))) {
        ids.add(place.customerId());
        days.add(off);
        if (off.equals(day)) {
          offOnDay.add(place.customerId());
        }
      }
    }
    return new Window(new HolidayDays(everyone, ids, days), offOnDay, countryOf);
  }

  /** A country's own days off in the window: its public holidays and its remembered common-mode days, less everyone's. */
  private Set<LocalDate> daysOff(String country, LocalDate from, LocalDate day, Set<LocalDate> everyone,
      Map<String, Set<LocalDate>> commonModeOf) {
    Set<LocalDate> off = new TreeSet<>(publicHolidays.between(country, from, day));
    off.addAll(commonModeOf.getOrDefault(DayTally.country(country), Set.of()));
    off.removeAll(everyone);
    return off;
  }

  /**
   * Remembers what the evaluation of the whole portfolio as of {@code day} found: its common-mode
   * {@code days} become days off of their groups in later evaluations; a group of the day no longer
   * common-mode is forgotten (idempotent: judging the day again changes nothing).
   */
  public void rememberCommonMode(LocalDate day, List<CommonModeDay> days) {
    if (commonModeDays != null) {
      commonModeDays.replace(day, days.stream()
          .map(d -> new CommonModeDayStore.Found(d.group(), d.evaluated(), d.dropped())).toList());
    }
  }

  /**
   * The day {@code businessDays} business days after {@code from} for a customer at {@code place}:
   * weekends, configured holidays and its country's public holidays are skipped (a follow-up due in
   * 2 business days from a Friday is due on Tuesday, or Wednesday when Monday is a holiday).
   */
  public LocalDate businessDaysAfter(CustomerPlace place, LocalDate from, int businessDays) {
    Optional<String> country = countries.countryOf(place);
    LocalDate day = from;
    int counted = 0;
    while (counted < businessDays) {
      day = day.plusDays(1);
      if (skip(day).isEmpty() && (country.isEmpty() || !isPublicHoliday(country.get(), day))) {
        counted++;
      }
    }
    return day;
  }

  /** Whether {@code day} is a public holiday of {@code country} (when its calendar is used). */
  public boolean isPublicHoliday(String country, LocalDate day) {
    return !publicHolidays.between(country, day, day).isEmpty();
  }

  /** The country whose calendar {@code place} follows, if any. */
  public Optional<String> countryOf(CustomerPlace place) {
    return countries.countryOf(place);
  }

  private static String pretty(DayOfWeek day) {
    String name = day.name().toLowerCase();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
