package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.AtRiskCustomer;
import io.vigil.infra.persistence.WeeklyReportFigures.Listed;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Customers requiring action: red, or yellow and declining, at the week's end; whether the at-risk
 * escalation already took them to their manager this week.
 */
@Singleton
public class AtRiskSection implements WeeklyReportSection {
  static final int LISTED = 20;

  private final WeeklyReportFigures figures;

  public AtRiskSection(WeeklyReportFigures figures) {
    this.figures = figures;
  }

  @Override
  public String key() {
    return "atRisk";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public SectionResult compute(IsoWeek week) {
    Listed<AtRiskCustomer> atRisk = figures.atRisk(week.monday(), week.nextMonday(), LISTED);
    List<Priority> priorities = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (AtRiskCustomer c : atRisk.customers()) {
      String why = c.reason() == null ? "" : ": " + c.reason();
      lines.add(c.name() + " (" + ReportText.money(c.arr()) + " ARR, " + c.band() + " " + c.score()
          + (c.trend() == null ? "" : ", " + c.trend()) + ", CSM " + c.csmId() + ")"
          + (c.escalated() ? " escalated this week" : "") + why);
      if ("red".equals(c.band())) {
        priorities.add(new Priority(c.escalated() ? Priority.RED_ESCALATED : Priority.RED_NOT_ESCALATED, c.customerId(),
            c.arr(), (c.escalated() ? "Carry out the retention plan for " : "Agree a retention plan for ") + c.name()
            + " (red, " + ReportText.money(c.arr()) + " ARR) with " + c.csmId()));
      } else {
        priorities.add(new Priority(Priority.YELLOW_DECLINING, c.customerId(), c.arr(),
            "Check in with " + c.name() + " (yellow and declining, " + ReportText.money(c.arr()) + " ARR)"));
      }
    }
    if (atRisk.total() > atRisk.customers().size()) {
      lines.add("and " + (atRisk.total() - atRisk.customers().size()) + " more");
    }
    return new SectionResult(atRisk, priorities, new ReportText.Block(
        "At-risk customers requiring action: " + atRisk.total() + " (" + ReportText.money(atRisk.arr()) + " ARR)",
        lines, "None this week."));
  }
}
