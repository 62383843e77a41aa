package io.vigil.workflows.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week ({@code 2026-W48}): Monday to Sunday, UTC days. The weekly report is kept,
 * delivered and asked for by it; its text form is the one way it is written and read.
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {
  private static final Pattern TEXT = Pattern.compile("(\\d{4})-W(\\d{2})");

  public IsoWeek {
    if (year < 1000 || year > 9999) {
      throw new IllegalArgumentException("year must have four digits: " + year);
    }
    int weeks = weeksIn(year);
    if (week < 1 || week > weeks) {
      throw new IllegalArgumentException(year + " has weeks 1 to " + weeks + ", not " + week);
    }
  }

  /** The week {@code text} names, empty when it is not of the form {@code 2026-W48} or no such week exists. */
  public static Optional<IsoWeek> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    int year = Integer.parseInt(m.group(1));
    int week = Integer.parseInt(m.group(2));
    if (year < 1000 || week < 1 || week > weeksIn(year)) {
      return Optional.empty();
    }
    return Optional.of(new IsoWeek(year, week));
  }

  public static IsoWeek of(LocalDate day) {
    return new IsoWeek(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  public LocalDate monday() {
    return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** The Monday after the week: the week's days are {@code [monday, nextMonday)}. */
  public LocalDate nextMonday() {
    return monday().plusWeeks(1);
  }

  public IsoWeek previous() {
    return of(monday().minusWeeks(1));
  }

  private static int weeksIn(int year) {
    return (int) LocalDate.of(year, 12, 28).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
  }

  @Override
  public int compareTo(IsoWeek other) {
    return monday().compareTo(other.monday());
  }

  @Override
  public String toString() {
    return String.format("%04d-W%02d", year, week);
  }
}
