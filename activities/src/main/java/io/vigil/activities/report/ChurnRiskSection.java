package io.vigil.activities.report;

import io.vigil.infra.persistence.WeeklyReportFigures;
import io.vigil.infra.persistence.WeeklyReportFigures.SignalledCustomer;
import jakarta.inject.Singleton;

/** The week's {@code churn_risk} signals (the churn-risk escalation records them). */
@Singleton
public class ChurnRiskSection extends SignalSection {
  public ChurnRiskSection(WeeklyReportFigures figures) {
    super(figures, "churn_risk", "Churn risks", Priority.CHURN_RISK);
  }

  @Override
  public String key() {
    return "churnRisks";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  String priority(SignalledCustomer c) {
    return "Save " + c.name() + " (" + ReportText.money(c.arr()) + " ARR): churn risk"
        + (c.reason() == null ? "" : ", " + c.reason());
  }
}
