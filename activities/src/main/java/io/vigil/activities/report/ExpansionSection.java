package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.SignalledCustomer;
import jakarta.inject.Singleton;

/** The week's {@code expansion_opportunity} signals: good news, listed apart from the risks. */
@Singleton
public class ExpansionSection extends SignalSection {
  public ExpansionSection(WeeklyReportFigures figures) {
    super(figures, "expansion_opportunity", "Expansion opportunities", Priority.EXPANSION);
  }

  @Override
  public String key() {
    return "expansionOpportunities";
  }

  @Override
  public int order() {
    return 40;
  }

  @Override
  String priority(SignalledCustomer c) {
    return "Open an expansion conversation with " + c.name() + " (" + ReportText.money(c.arr()) + " ARR)"
        + (c.reason() == null ? "" : ": " + c.reason());
  }
}
