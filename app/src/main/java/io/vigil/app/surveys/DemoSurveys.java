package io.vigil.app.surveys;

import io.vigil.infra.persistence.SurveyResponse;
import io.vigil.infra.persistence.SurveyStore;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo portfolio's survey answers ({@code bin/vigil-dev --demo}): an NPS answer from each
 * customer in each of the last three months, the troubled ones (globex, acme) detracting lately,
 * and CSAT answers about reports, dashboards and exports, exports rated low; the customers who use
 * alerts most (DemoLoader) rate highest, which GET /api/insights/satisfaction-drivers shows. The
 * detractors of the last 30 days start their follow-ups. Fixed ids, so a second start changes nothing.
 */
@Singleton
public class DemoSurveys {
  private record Demo(String customerId, String type, int score, int daysAgo, String featureId, String comment) {}

  private static final List<Demo> RESPONSES = List.of(
      new Demo("acme", "nps", 9, 75, null, "Reporting saves us hours every week."),
      new Demo("acme", "nps", 7, 45, null, null),
      new Demo("acme", "nps", 5, 10, null, "Dashboards have become painfully slow."),
      new Demo("globex", "nps", 8, 80, null, null),
      new Demo("globex", "nps", 6, 40, null, "The Okta login loop is blocking half our team."),
      new Demo("globex", "nps", 3, 8, null, "We are evaluating alternatives."),
      new Demo("initech", "nps", 9, 70, null, null),
      new Demo("initech", "nps", 8, 38, null, null),
      new Demo("initech", "nps", 7, 6, null, "Reports page is slow lately."),
      new Demo("umbrella", "nps", 10, 72, null, "Great support team."),
      new Demo("umbrella", "nps", 9, 35, null, null),
      new Demo("umbrella", "nps", 6, 4, null, "The new navigation hides the settings."),
      new Demo("hooli", "nps", 10, 78, null, null),
      new Demo("hooli", "nps", 9, 41, null, "Salesforce sync works well."),
      new Demo("hooli", "nps", 8, 3, null, "We need SCIM before rolling out further."),
      new Demo("stark", "nps", 10, 65, null, null),
      new Demo("stark", "nps", 10, 33, null, "Scheduled reports are exactly what we needed."),
      new Demo("stark", "nps", 9, 5, null, null),
      new Demo("wayne", "nps", 7, 60, null, null),
      new Demo("wayne", "nps", 8, 30, null, null),
      new Demo("wayne", "nps", 9, 7, null, null),
      new Demo("wonka", "nps", 4, 66, null, "Missing a dark mode and too expensive for us."),
      new Demo("wonka", "nps", 6, 31, null, null),
      new Demo("wonka", "nps", 7, 2, null, null),
      new Demo("acme", "csat", 2, 12, "exports", "Export totals don't match the dashboard."),
      new Demo("acme", "csat", 1, 3, "exports", "Still wrong."),
      new Demo("globex", "csat", 2, 9, null, "Login issue unresolved after a week."),
      new Demo("globex", "csat", 5, 20, "reports", null),
      new Demo("initech", "csat", 3, 8, "reports", "Slow but it works."),
      new Demo("initech", "csat", 4, 15, "reports", null),
      new Demo("umbrella", "csat", 2, 5, null, "Could not find the notification settings."),
      new Demo("umbrella", "csat", 4, 18, "reports", null),
      new Demo("hooli", "csat", 5, 25, "dashboards", null),
      new Demo("hooli", "csat", 1, 1, "dashboards", "Error 500 when saving a dashboard."),
      new Demo("stark", "csat", 5, 11, "reports", "Pausing reports was easy."),
      new Demo("stark", "csat", 4, 22, "exports", null),
      new Demo("wayne", "csat", 4, 14, null, null),
      new Demo("wayne", "csat", 5, 28, "reports", null),
      new Demo("wonka", "csat", 3, 10, null, null),
      new Demo("wonka", "csat", 2, 40, "exports", "CSV export drops our custom columns."),
      new Demo("soylent", "nps", 9, 70, null, null),
      new Demo("soylent", "nps", 10, 37, null, "The alerts catch problems before our customers do."),
      new Demo("soylent", "nps", 9, 4, null, null),
      new Demo("cyberdyne", "nps", 7, 68, null, null),
      new Demo("cyberdyne", "nps", 6, 50, null, "We still check the dashboards by hand every morning."),
      new Demo("cyberdyne", "nps", 7, 9, null, null),
      new Demo("soylent", "csat", 5, 6, "alerts", null),
      new Demo("soylent", "csat", 4, 19, null, null),
      new Demo("cyberdyne", "csat", 2, 13, null, "Took three days to learn a sync had stopped."),
      new Demo("cyberdyne", "csat", 3, 27, "dashboards", null));

  private final SurveyStore surveys;
  private final DetractorFollowUpStarts followUps;

  DemoSurveys(SurveyStore surveys, DetractorFollowUpStarts followUps) {
    this.surveys = surveys;
    this.followUps = followUps;
  }

  /** Stores the demo answers, dated back from {@code asOf}; answers how many there are. */
  public int load(LocalDate asOf) {
    List<SurveyResponse> responses = new ArrayList<>();
    for (int i = 0; i < RESPONSES.size(); i++) {
      Demo d = RESPONSES.get(i);
      var at = asOf.minusDays(d.daysAgo()).atTime(9 + i % 8, 30).toInstant(ZoneOffset.UTC);
      responses.add(new SurveyResponse("demo-survey-" + (i + 1), d.customerId(), "champion@" + d.customerId()
          + ".example.com", d.type(), d.score(), d.comment(), at, d.featureId()));
    }
    surveys.upsert(responses);
    // the recent detractors (acme, globex, umbrella) get their follow-ups, as through the API
    followUps.startFor(responses.stream().map(SurveyResponse::id).toList());
    return responses.size();
  }
}
