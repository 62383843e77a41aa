package io.vigil.infra.persistence;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The holidays a detection query leaves out of its daily figures: {@code everyone}'s (configured
 * holidays), and each customer's own ({@code customerIds[i]} has a holiday on {@code days[i]}: the
 * public holidays of its country) within the query's window.
 */
public record HolidayDays(Collection<LocalDate> everyone, List<String> customerIds, List<LocalDate> days) {
  public static final HolidayDays NONE = new HolidayDays(Set.of(), List.of(), List.of());

  public HolidayDays {
    if (customerIds.size() != days.size()) {
      throw new IllegalArgumentException("one day per customer id: " + customerIds.size() + " ids, " + days.size() + " days");
    }
  }

  public static HolidayDays everyone(Collection<LocalDate> days) {
    return new HolidayDays(days, List.of(), List.of());
  }

  /** The distinct days some customer has off: the query probes the (customer, day) pairs only on these. */
  public Set<LocalDate> customerDays() {
    return Set.copyOf(days);
  }
}
