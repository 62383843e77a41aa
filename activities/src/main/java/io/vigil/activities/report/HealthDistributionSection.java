package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.Bands;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.util.List;

/** Customers by band on their newest scored day of the week, beside the week before. */
@Singleton
public class HealthDistributionSection implements WeeklyReportSection {
  private final WeeklyReportFigures figures;

  public HealthDistributionSection(WeeklyReportFigures figures) {
    this.figures = figures;
  }

  public record Change(int green, int yellow, int red, int unscored) {}

  public record Distribution(Bands thisWeek, Bands lastWeek, Change change) {}

  @Override
  public String key() {
    return "health";
  }

  @Override
  public int order() {
    return 10;
  }

  @Override
  public SectionResult compute(IsoWeek week) {
    Bands now = figures.bands(week.monday(), week.nextMonday());
    Bands before = figures.bands(week.previous().monday(), week.monday());
    Change change = new Change(now.green() - before.green(), now.yellow() - before.yellow(), now.red() - before.red(),
        now.unscored() - before.unscored());
    List<String> lines = List.of(
        line("Green", now.green(), change.green()),
        line("Yellow", now.yellow(), change.yellow()),
        line("Red", now.red(), change.red()));
    return new SectionResult(new Distribution(now, before, change), List.of(),
        new ReportText.Block("Health distribution", now.green() + now.yellow() + now.red() == 0 ? List.of() : lines,
            "No customer was scored this week."));
  }

  private static String line(String band, int count, int change) {
    return band + ": " + count + " (" + ReportText.signed(change) + " from last week)";
  }
}
