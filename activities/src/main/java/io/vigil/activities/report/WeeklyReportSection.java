package io.vigil.activities.report;

import io.vigil.workflows.report.IsoWeek;

/**
 * One section of the weekly report, a bean: the report is every section in {@link #order()}. A new
 * section (issue 10's top ticket themes) is one more bean; nothing else changes. A section reads the
 * shared tables only, so it works whichever playbooks wrote them.
 */
public interface WeeklyReportSection {
  /** The section's key in the report's JSON ({@code health}, {@code atRisk}...). */
  String key();

  /** Where the section stands in the report and its texts, smallest first. */
  int order();

  SectionResult compute(IsoWeek week);
}
