package io.vigil.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.activities.health.HealthScoring;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scope;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.DailyHealth;
import io.vigil.infra.persistence.HealthStore;
import io.vigil.infra.persistence.PgArrays;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Customer health (docs/health.md): one customer's newest score with its components, inputs and
 * history; scoring one customer on demand; and the summary by band with the customers at risk. Scoped
 * like the other customer reads: a customer outside the caller's scope is a 404.
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CustomerHealthController {
  static final int DEFAULT_HISTORY_DAYS = 90;
  static final String DAYS_MESSAGE = "must be between 1 and 365";

  private final HealthStore store;
  private final HealthScoring scoring;
  private final Scopes scopes;
  private final Clock clock;
  private final ObjectMapper json;

  public CustomerHealthController(HealthStore store, HealthScoring scoring, Scopes scopes, Clock clock, ObjectMapper json) {
    this.store = store;
    this.scoring = scoring;
    this.scopes = scopes;
    this.clock = clock;
    this.json = json;
  }

  /**
   * {@code effect}: points the input moved the score from 85 (a customer exactly at its baselines);
   * {@code subScore}: a comparison's 0-100 score; {@code points}: an adjustment's points on its
   * component; {@code missingReason}: why the input is left out.
   */
  @Introspected
  public record InputView(String name, String label, @Nullable Double value, @Nullable Double baseline,
      @Nullable Double subScore, @Nullable Double points, @Nullable Double effect, @Nullable String missingReason) {}

  /** {@code score} null: the component is missing ({@code missingReason}); {@code weight}: its share after re-weighting. */
  @Introspected
  public record ComponentView(@Nullable Double score, double weight, double configuredWeight, List<InputView> inputs,
      @Nullable String missingReason) {}

  @Introspected
  public record ComponentsView(ComponentView engagement, ComponentView sentiment, ComponentView growth) {}

  @Introspected
  public record HistoryPoint(LocalDate date, @Nullable Integer score, @Nullable String band) {}

  /**
   * {@code score} and {@code band} null when no component had data; {@code trend} null without a
   * score in the first week of the four weeks to {@code asOf}.
   */
  @Introspected
  public record HealthView(String customerId, @Nullable Integer score, @Nullable String band, @Nullable String trend,
      LocalDate asOf, ComponentsView components, String mostImpactful, List<String> missing, List<HistoryPoint> history) {}

  @Get("/customers/{id}/health")
  public HealthView health(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = DAYS_MESSAGE) @Max(value = 365, message = DAYS_MESSAGE) Integer days) {
    scopes.visibleCustomer(Caller.of(auth), id);
    DailyHealth latest = store.latest(id).orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "customer " + id
        + " has no health score yet: the daily sweep scores every customer; POST /api/customers/" + id
        + "/health scores it now", List.of()));
    return view(latest, days == null ? DEFAULT_HISTORY_DAYS : days);
  }

  /** Scores the customer now, as of its newest rolled-up day (at most yesterday), and answers the result. */
  @Post("/customers/{id}/health")
  public HealthView score(Authentication auth, @PathVariable String id) {
    scopes.visibleCustomer(Caller.of(auth), id);
    LocalDate asOf = scoring.onDemandDay(id, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    scoring.scoreCustomer(id, asOf);
    DailyHealth day = store.history(id, asOf, asOf).get(0);
    return view(day, DEFAULT_HISTORY_DAYS);
  }

  public record AtRiskView(String customerId, String name, BigDecimal arr, int score, String band, @Nullable String trend,
      LocalDate asOf, @Nullable String reason) {}

  /**
   * Customers by their newest band ({@code unscored}: never scored, or no component had data) and one
   * page of those at risk (red, or yellow and declining), largest ARR first.
   */
  public record Summary(long green, long yellow, long red, long unscored, List<AtRiskView> atRisk,
      @Nullable String nextCursor) {}

  @Get("/health/summary")
  public Summary summary(Authentication auth,
      @Nullable @QueryValue @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String csmId,
      @Nullable @QueryValue @Size(min = 1, max = 100) String segment,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("health-at-risk", limit, cursor, 2);
    Scope scope = scopes.of(Caller.of(auth));
    String csmIds = csmId == null ? scope.csmIdsLiteral()
        : PgArrays.literal(scope.coversCsm(csmId) ? List.of(csmId) : List.of());
    var bands = store.bands(csmIds, segment);
    Page<AtRiskView> atRisk = page.page(store.atRisk(csmIds, segment, page.decimal(0), page.text(1), page.fetch()),
        r -> new AtRiskView(r.customerId(), r.name(), r.arr(), r.score(), r.band(), r.trend(), r.asOf(), r.reason()),
        r -> List.of(r.arr(), r.customerId()));
    return new Summary(customers(bands, "green"), customers(bands, "yellow"), customers(bands, "red"),
        customers(bands, "unscored"), atRisk.items(), atRisk.nextCursor());
  }

  private static long customers(Map<String, HealthStore.Band> bands, String band) {
    HealthStore.Band found = bands.get(band);
    return found == null ? 0 : found.customers();
  }

  private HealthView view(DailyHealth day, int historyDays) {
    List<HistoryPoint> history = store.history(day.customerId(), day.asOf().minusDays(historyDays - 1L), day.asOf())
        .stream().map(h -> new HistoryPoint(h.asOf(), h.score(), h.band())).toList();
    return new HealthView(day.customerId(), day.score(), day.band(), day.trend(), day.asOf(), components(day),
        day.mostImpactful(), day.missing(), history);
  }

  private ComponentsView components(DailyHealth day) {
    try {
      return json.readValue(day.componentsJson(), ComponentsView.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable health components of " + day.customerId() + " on " + day.asOf(), e);
    }
  }
}
