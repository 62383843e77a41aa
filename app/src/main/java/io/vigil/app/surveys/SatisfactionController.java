package io.vigil.app.surveys;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.insights.SatisfactionDrivers;
import io.vigil.app.api.ApiError;
import io.vigil.app.api.Instants;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.SatisfactionCorrelations;
import io.vigil.infra.persistence.SurveyStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * NPS and CSAT as people see them (docs/insights.md, "Satisfaction"): computed over the caller's
 * customers only, a CSM's own, a manager's team's, everyone's for an admin. A range without
 * responses answers {@code responses: 0} and a null score, never an invented 0.
 */
@Controller("/api/insights")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class SatisfactionController {
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
  private static final Duration DRIVERS_DEFAULT_RANGE = Duration.ofDays(90);
  private static final Duration DRIVERS_LONGEST_RANGE = Duration.ofDays(400);
  private static final Set<String> MEASURES = Set.of("csat", "nps");

  private final SurveyStore surveys;
  private final SatisfactionDrivers drivers;
  private final Scopes scopes;
  private final Clock clock;

  public SatisfactionController(SurveyStore surveys, SatisfactionDrivers drivers, Scopes scopes, Clock clock) {
    this.surveys = surveys;
    this.drivers = drivers;
    this.scopes = scopes;
    this.clock = clock;
  }

  public record MonthNps(String month, @Nullable BigDecimal nps, int responses) {}

  public record Nps(@Nullable BigDecimal nps, int promoters, int passives, int detractors, int responses,
      List<MonthNps> trend) {}

  /** {@code from} inclusive, {@code to} exclusive, each a date or an instant; {@code segment} a customer segment. */
  @Get("/nps")
  public Nps nps(Authentication auth, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
      @Nullable @QueryValue String segment) {
    SurveyStore.NpsReport report = surveys.nps(filter(auth, from, to, segment(segment)));
    SurveyStore.NpsFigures whole = report.whole();
    return new Nps(whole.nps(), whole.promoters(), whole.passives(), whole.detractors(), whole.responses(),
        report.months().stream()
            .map(m -> new MonthNps(MONTH.format(m.month()), m.figures().nps(), m.figures().responses())).toList());
  }

  public record FeatureCsat(String featureId, @Nullable String featureName, int responses, BigDecimal average, int low) {}

  public record CategoryCsat(String category, int responses, BigDecimal average, int low) {}

  public record WeekCsat(String week, int responses, BigDecimal average, int low) {}

  public record Csat(@Nullable BigDecimal average, int responses, int low, List<FeatureCsat> byFeature,
      List<CategoryCsat> byCategory, List<WeekCsat> byWeek) {}

  /** {@code from} inclusive, {@code to} exclusive; low satisfaction is a score of 1 or 2. */
  @Get("/csat")
  public Csat csat(Authentication auth, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    SurveyStore.CsatReport report = surveys.csat(filter(auth, from, to, null));
    return new Csat(report.whole().average(), report.whole().responses(), report.whole().low(),
        report.byFeature().stream().map(g -> new FeatureCsat(g.key(), g.name(), g.responses(), g.average(), g.low()))
            .toList(),
        report.byCategory().stream().map(g -> new CategoryCsat(g.key(), g.responses(), g.average(), g.low())).toList(),
        report.byWeek().stream().map(g -> new WeekCsat(g.key(), g.responses(), g.average(), g.low())).toList());
  }

  /**
   * Features whose use goes with high or low satisfaction: per feature, Spearman's rank correlation
   * across the caller's customers between the share of their active user-days on which they used it
   * and their average {@code measure} score ({@code csat}, the default, or {@code nps}), with the
   * number of customers, a reason when no coefficient is shown (fewer than 10 customers, use or
   * satisfaction the same for all) and a caveat: correlation, not cause. {@code from} inclusive,
   * {@code to} exclusive, a date or an instant, at most 400 days apart; by default the 90 days
   * before today (UTC). {@code segment}: customers of that segment only.
   */
  @Get("/satisfaction-drivers")
  public SatisfactionDrivers.Report satisfactionDrivers(Authentication auth, @Nullable @QueryValue String from,
      @Nullable @QueryValue String to, @Nullable @QueryValue String segment, @Nullable @QueryValue String measure) {
    String scale = measure == null ? "csat" : measure.strip();
    if (!MEASURES.contains(scale)) {
      throw ApiError.badRequest("measure", "must be csat or nps");
    }
    Instant start = Instants.bound(from, "from");
    Instant end = Instants.bound(to, "to");
    if (end == null) {
      end = start == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant()
          : start.plus(DRIVERS_DEFAULT_RANGE);
    }
    if (start == null) {
      start = end.minus(DRIVERS_DEFAULT_RANGE);
    }
    if (!start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    if (start.plus(DRIVERS_LONGEST_RANGE).isBefore(end)) {
      throw ApiError.badRequest("from", "the range spans at most 400 days");
    }
    return drivers.of(new SatisfactionCorrelations.Filter(scale, start, end, firstDayFrom(start), firstDayFrom(end),
        segment(segment), scopes.of(Caller.of(auth)).csmIds()));
  }

  /** The first UTC day that starts at or after {@code at}: usage is counted in whole days inside the range. */
  private static LocalDate firstDayFrom(Instant at) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(at) ? day : day.plusDays(1);
  }

  private static String segment(String segment) {
    if (segment != null && (segment.isBlank() || segment.length() > 100)) {
      throw ApiError.badRequest("segment", "must be 1 to 100 characters");
    }
    return segment == null ? null : segment.strip();
  }

  private SurveyStore.Filter filter(Authentication auth, String from, String to, String segment) {
    Instant start = Instants.bound(from, "from");
    Instant end = Instants.bound(to, "to");
    if (start != null && end != null && !start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    return new SurveyStore.Filter(start, end, segment, scopes.of(Caller.of(auth)).csmIds());
  }
}
