package io.vigil.activities.report;

import io.vigil.infra.persistence.SurveyStore;
import io.vigil.infra.persistence.SurveyStore.NpsFigures;
import io.vigil.workflows.report.IsoWeek;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * NPS of the week and of the 90 days to its end, computed by the same statement as
 * {@code GET /api/insights/nps} (SurveyStore), over every customer.
 */
@Singleton
public class NpsSection implements WeeklyReportSection {
  static final int TRAILING_DAYS = 90;

  private final SurveyStore surveys;

  public NpsSection(SurveyStore surveys) {
    this.surveys = surveys;
  }

  public record Nps(NpsFigures week, NpsFigures last90Days) {}

  @Override
  public String key() {
    return "nps";
  }

  @Override
  public int order() {
    return 60;
  }

  @Override
  public SectionResult compute(IsoWeek week) {
    Instant end = week.nextMonday().atStartOfDay(ZoneOffset.UTC).toInstant();
    NpsFigures thisWeek = nps(week.monday().atStartOfDay(ZoneOffset.UTC).toInstant(), end);
    NpsFigures trailing = nps(week.nextMonday().minusDays(TRAILING_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant(), end);
    List<Priority> priorities = thisWeek.detractors() == 0 ? List.of()
        : List.of(new Priority(Priority.NPS_DETRACTORS, null, null,
            "Follow up with this week's " + thisWeek.detractors() + " NPS detractor" + (thisWeek.detractors() == 1 ? "" : "s")));
    return new SectionResult(new Nps(thisWeek, trailing), priorities, new ReportText.Block("NPS",
        List.of(line("This week", thisWeek), line("Last " + TRAILING_DAYS + " days", trailing)), ""));
  }

  private NpsFigures nps(Instant from, Instant to) {
    return surveys.nps(new SurveyStore.Filter(from, to, null, null)).whole();
  }

  private static String line(String range, NpsFigures f) {
    return range + ": " + (f.nps() == null ? "no responses" : f.nps().stripTrailingZeros().toPlainString() + " from "
        + f.responses() + " responses (" + f.promoters() + " promoters, " + f.passives() + " passives, "
        + f.detractors() + " detractors)");
  }
}
