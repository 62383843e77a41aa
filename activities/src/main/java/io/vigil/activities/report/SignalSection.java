package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.Listed;
import io.vigil.infra.persistence.WeeklyReportFigures.SignalledCustomer;
import io.vigil.workflows.report.IsoWeek;
import java.util.ArrayList;
import java.util.List;

/** The week's risk signals of one type (written by the playbook that owns the type), newest per customer. */
abstract class SignalSection implements WeeklyReportSection {
  static final int LISTED = 20;

  private final WeeklyReportFigures figures;
  private final String type;
  private final String title;
  private final int rule;

  SignalSection(WeeklyReportFigures figures, String type, String title, int rule) {
    this.figures = figures;
    this.type = type;
    this.title = title;
    this.rule = rule;
  }

  /** The priority text for one customer. */
  abstract String priority(SignalledCustomer customer);

  @Override
  public SectionResult compute(IsoWeek week) {
    Listed<SignalledCustomer> listed = figures.signals(type, week.monday(), week.nextMonday(), LISTED);
    List<String> lines = new ArrayList<>();
    List<Priority> priorities = new ArrayList<>();
    for (SignalledCustomer c : listed.customers()) {
      lines.add(c.name() + " (" + ReportText.money(c.arr()) + " ARR, CSM " + c.csmId() + ")"
          + (c.reason() == null ? "" : ": " + c.reason()));
      priorities.add(new Priority(rule, c.customerId(), c.arr(), priority(c)));
    }
    if (listed.total() > listed.customers().size()) {
      lines.add("and " + (listed.total() - listed.customers().size()) + " more");
    }
    return new SectionResult(listed, priorities, new ReportText.Block(
        title + ": " + listed.total() + " (" + ReportText.money(listed.arr()) + " ARR)", lines, "None this week."));
  }
}
