package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.DayTally;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a day is common-mode for a group (the portfolio, or one country's customers): at least
 * {@code vigil.detection.common-mode.min-customers} (default 10) of them were evaluated and at least
 * {@code vigil.detection.common-mode.share} percent (default 50) of those had a DAU drop above the
 * DAU rule's threshold that day. That many customers do not churn together: it is a holiday nobody
 * configured, an outage or broken ingestion, so nobody in the group is alerted and operators are
 * told. Below the minimum (a portfolio of one or two customers) every drop is judged on its own.
 */
@Singleton
public class CommonModeRule {
  private final int minCustomers;
  private final double sharePercent;

  public CommonModeRule(@Value("${vigil.detection.common-mode.min-customers:10}") int minCustomers,
      @Value("${vigil.detection.common-mode.share:50}") double sharePercent) {
    if (minCustomers < 1 || sharePercent <= 0 || sharePercent > 100) {
      throw new IllegalArgumentException("vigil.detection.common-mode: min-customers must be at least 1 and share a percentage"
          + " above 0 and at most 100 (got " + minCustomers + " and " + sharePercent + ")");
    }
    this.minCustomers = minCustomers;
    this.sharePercent = sharePercent;
  }

  /**
   * The groups for which {@code day} is common-mode: the portfolio alone when it is (it holds every
   * customer, and operators hear of it once, not once more per country), else each country that is.
   */
  public List<CommonModeDay> judge(LocalDate day, Map<String, DayTally> tallies) {
    List<CommonModeDay> days = new ArrayList<>();
    DayTally portfolio = tallies.get(DayTally.PORTFOLIO);
    if (portfolio != null && isCommonMode(portfolio)) {
      return List.of(day(DayTally.PORTFOLIO, day, portfolio));
    }
    tallies.forEach((group, tally) -> {
      if (!group.equals(DayTally.PORTFOLIO) && isCommonMode(tally)) {
        days.add(day(group, day, tally));
      }
    });
    return days;
  }

  /** Whether a customer following {@code country}'s calendar (null: none) is in one of the common-mode {@code days}. */
  public static boolean holds(List<CommonModeDay> days, String country) {
    return days.stream().anyMatch(d -> d.group().equals(DayTally.PORTFOLIO)
        || (country != null && d.group().equals(DayTally.country(country))));
  }

  /** How many evaluated customers the common-mode {@code days} hold back (the portfolio holds all). */
  public static long customersHeld(List<CommonModeDay> days) {
    return days.stream().anyMatch(d -> d.group().equals(DayTally.PORTFOLIO))
        ? days.get(0).evaluated()
        : days.stream().mapToLong(CommonModeDay::evaluated).sum();
  }

  private boolean isCommonMode(DayTally tally) {
    return tally.evaluated() >= minCustomers && 100.0 * tally.dropped() >= sharePercent * tally.evaluated();
  }

  private static CommonModeDay day(String group, LocalDate day, DayTally tally) {
    double percent = 100.0 * tally.dropped() / tally.evaluated();
    String who = group.equals(DayTally.PORTFOLIO) ? "customers" : "customers in " + group.substring(group.indexOf(':') + 1);
    String message = Math.round(percent) + "% of " + who + " dropped on " + day + " (" + tally.dropped() + " of "
        + tally.evaluated() + "): holiday or data gap? The day is not evaluated for them; check that usage is still"
        + " arriving before trusting the next days.";
    return new CommonModeDay(group, day, tally.evaluated(), tally.dropped(), Math.round(percent * 10) / 10.0, message);
  }
}
