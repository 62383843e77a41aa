package io.vigil.app.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.report.OnboardingReport;
import io.vigil.activities.report.WeeklyReports;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Scopes;
import io.vigil.app.api.ApiError;
import io.vigil.app.security.Roles;
import io.vigil.workflows.report.IsoWeek;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The weekly report and the onboarding report as JSON (docs/reports.md). The weekly report is a portfolio-wide document for the people it is
 * emailed to: managers and admins see it whole; CSMs are refused (403) rather than shown a report
 * whose totals would not add up to what they see.
 */
@Controller("/api/reports")
@Secured({Roles.ADMIN, Roles.MANAGER})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportsController {
  private final WeeklyReports reports;
  private final OnboardingReport onboarding;
  private final Scopes scopes;
  private final Clock clock;

  public ReportsController(WeeklyReports reports, OnboardingReport onboarding, Scopes scopes, Clock clock) {
    this.reports = reports;
    this.onboarding = onboarding;
    this.scopes = scopes;
    this.clock = clock;
  }

  /**
   * Onboarding as of today (UTC) for the caller's customers in their first 30 days: an admin's all,
   * a manager's team's, a CSM's own (docs/reports.md, "Onboarding").
   */
  @Get("/onboarding")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
  public OnboardingReport.Report onboarding(Authentication auth) {
    return onboarding.compute(LocalDate.now(clock.withZone(ZoneOffset.UTC)), scopes.of(Caller.of(auth)).csmIds());
  }

  /**
   * The stored report of {@code week} ({@code 2026-W48}; default: the current week). A week without
   * a stored report is computed on the spot and not stored ({@code stored: false}), when it has
   * begun and has health scores; otherwise 404. Only the weekly workflow stores a report, so a
   * preview never freezes a week's figures before its Friday run.
   */
  @Get("/weekly")
  public JsonNode weekly(@Nullable @QueryValue String week) {
    IsoWeek asked = week == null ? IsoWeek.of(LocalDate.now(clock.withZone(ZoneOffset.UTC)))
        : IsoWeek.parse(week).orElseThrow(() -> ApiError.badRequest("week", "must be an ISO week such as 2026-W48"));
    WeeklyReports.Report report = reports.stored(asked).or(() -> reports.preview(asked))
        .orElseThrow(() -> ApiError.notFound("weekly report", asked.toString()));
    ObjectNode body = report.content().deepCopy();
    body.put("stored", report.stored());
    return body;
  }
}
