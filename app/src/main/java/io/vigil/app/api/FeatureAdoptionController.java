package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.activities.adoption.TrainingResources;
import io.vigil.infra.persistence.AdoptionInterventions;
import io.vigil.infra.persistence.AdoptionReports;
import io.vigil.infra.persistence.AdoptionRollups;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.FeatureAdoptionRow;
import io.vigil.activities.expansion.PlanTiers;
import io.vigil.infra.persistence.FeatureCatalogEntry;
import io.vigil.infra.persistence.FeatureCatalogStore;
import io.vigil.infra.persistence.InterventionRow;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Feature adoption (PRD-090 4.2): the feature catalog with its training resources, each customer's
 * adoption, the rollup from usage events, interventions and the product managers' report.
 * docs/adoption.md defines the score, stages and stalls.
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class FeatureAdoptionController {
  private static final int MAX_SYNC_DAYS = 90;
  private static final int TREND_WEEKS = 8;
  private static final int MAX_REPORT_DAYS = 400;

  private final FeatureCatalogStore catalog;
  private final AdoptionRollups rollups;
  private final AdoptionInterventions interventions;
  private final AdoptionReports reports;
  private final CustomerRepository customers;
  private final ObjectMapper json;
  private final Clock clock;
  private final Scopes scopes;
  private final PlanTiers plans;

  public FeatureAdoptionController(FeatureCatalogStore catalog, AdoptionRollups rollups, AdoptionInterventions interventions, AdoptionReports reports, CustomerRepository customers,
      ObjectMapper json, Clock clock, Scopes scopes, PlanTiers plans) {
    this.scopes = scopes;
    this.plans = plans;
    this.catalog = catalog;
    this.rollups = rollups;
    this.interventions = interventions;
    this.reports = reports;
    this.customers = customers;
    this.json = json;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ catalog

  public record FeatureView(String featureId, String featureName, @Nullable String category, int importanceScore,
      int expectedAdoptionDays, BigDecimal targetShare, Map<String, BigDecimal> segmentBenchmarks, @io.swagger.v3.oas.annotations.media.Schema(type = "array") JsonNode trainingResources,
      @Nullable String tips, @Nullable String keyBenefit, @Nullable String plan, Instant createdAt, Instant updatedAt) {}

  @Introspected
  public record TrainingResource(
      @NotNull @Pattern(regexp = "video|documentation|webinar|article",
          message = "must be one of video, documentation, webinar, article") String type,
      @NotBlank @Size(max = Limits.NAME) String title,
      @NotNull @Size(max = 2000) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http or https URL") String url,
      @Nullable @Min(1) @Max(1000) Integer durationMinutes,
      @Nullable @Pattern(regexp = "beginner|intermediate|advanced",
          message = "must be one of beginner, intermediate, advanced") String level,
      @Nullable Instant nextSession) {}

  @Introspected
  public record FeatureRequest(
      @NotBlank @Size(max = Limits.NAME) String featureName,
      @Nullable @Size(max = 100) String category,
      @Nullable @Min(0) @Max(100) Integer importanceScore,
      @Nullable @Min(1) @Max(365) Integer expectedAdoptionDays,
      @Nullable @DecimalMin(value = "0.001", message = SHARE) @DecimalMax(value = "1", message = SHARE)
      @Digits(integer = 1, fraction = 3, message = SHARE) BigDecimal targetShare,
      @Nullable @Size(max = 50) Map<@NotBlank @Size(max = 100) String,
          @NotNull @DecimalMin(value = "0.001", message = SHARE) @DecimalMax(value = "1", message = SHARE)
          @Digits(integer = 1, fraction = 3, message = SHARE) BigDecimal> segmentBenchmarks,
      @Nullable @Size(max = 50) @Valid List<@NotNull TrainingResource> trainingResources,
      @Nullable @Size(max = Limits.TEXT) String tips,
      @Nullable @Size(max = Limits.TEXT) String keyBenefit,
      @Nullable @Size(max = 100) String plan) {}

  private static final String SHARE = "must be a share of active users from 0.001 to 1, such as 0.5";

  @Put("/features/{featureId}")
  @Secured({Roles.ADMIN, Roles.INTEGRATION})
  public FeatureView putFeature(
      @PathVariable @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1-100 letters, digits, '.', '_' or '-'")
      String featureId, @Body @Valid FeatureRequest body) {
    // the plan tier the feature belongs to (expansion: heavy use above the customer's plan); checked
    // before anything is written, and stored as the tier is configured
    String plan = body.plan() == null ? null : plans.tier(body.plan()).orElseThrow(() -> ApiError.badRequest("plan",
        "must be one of the plan tiers " + String.join(", ", plans.tiers()) + " (VIGIL_PLAN_TIERS), or absent for every plan"));
    ObjectNode benchmarks = json.createObjectNode();
    if (body.segmentBenchmarks() != null) {
      body.segmentBenchmarks().forEach(benchmarks::put);
    }
    ArrayNode resources = json.createArrayNode();
    if (body.trainingResources() != null) {
      body.trainingResources().forEach(r -> resources.add(resource(r)));
    }
    FeatureCatalogEntry entry = catalog.upsert(featureId, body.featureName().strip(), body.category(),
        body.importanceScore() == null ? 50 : body.importanceScore(),
        body.expectedAdoptionDays() == null ? 30 : body.expectedAdoptionDays(),
        body.targetShare() == null ? new BigDecimal("0.5") : body.targetShare(),
        benchmarks.toString(), resources.toString(), body.tips(), body.keyBenefit(), plan);
    return feature(entry);
  }

  @Get("/features/{featureId}")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public FeatureView getFeature(@PathVariable String featureId) {
    return feature(findFeature(featureId));
  }

  public record ResourcesView(FeatureView feature, @io.swagger.v3.oas.annotations.media.Schema(type = "array") JsonNode resources, @Nullable String suggestedOutreach) {}

  @Get("/features/{featureId}/resources")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public ResourcesView resources(@PathVariable String featureId) {
    FeatureCatalogEntry entry = findFeature(featureId);
    return new ResourcesView(feature(entry), parse(entry.trainingResources()),
        TrainingResources.suggestedOutreach(entry, TrainingResources.parse(json, entry.trainingResources())));
  }

  // ------------------------------------------------------------------ adoption

  public record WeeklyScoreView(LocalDate weekEnding, int usageScore, String stage) {}

  public record AdoptionView(String id, String featureId, String featureName, String stage, int usageScore,
      @Nullable Instant lastUsedAt, boolean isStalled, int daysInCurrentStage, @Nullable String stallReason, @Nullable Instant activatedAt,
      @Nullable String activationSource, int expectedAdoptionDays, int importanceScore, int usageCount, int featureUsers,
      int activeUsers, @Nullable Instant stallDetectedAt, @Nullable Instant recoveredAt, @Nullable Instant lastAlertedAt, @Nullable Instant interventionSentAt,
      @Nullable String interventionType, @Nullable Integer adoptionAfterIntervention, @Nullable LocalDate evaluatedOn,
      List<WeeklyScoreView> weeklyScores) {}

  public record CustomerAdoptionView(String customerId, @Nullable LocalDate evaluatedOn, int overallAdoptionScore,
      List<AdoptionView> features, List<AdoptionView> stalledFeatures, List<String> recommendations) {}

  @Get("/customers/{id}/feature-adoption")
  public CustomerAdoptionView customerAdoption(Authentication auth, @PathVariable String id) {
    scopes.visibleCustomer(Caller.of(auth), id);
    List<FeatureAdoptionRow> rows = rollups.findByCustomer(id);
    LocalDate evaluatedOn = rows.stream().map(FeatureAdoptionRow::evaluatedOn).filter(d -> d != null)
        .max(LocalDate::compareTo).orElse(null);
    Map<String, List<AdoptionRollups.WeeklyScore>> weekly =
        evaluatedOn == null ? Map.of() : rollups.weeklyScores(id, evaluatedOn, TREND_WEEKS);
    List<AdoptionView> features = rows.stream().map(r -> view(r, weekly.getOrDefault(r.featureId(), List.of()))).toList();
    List<AdoptionView> stalled = features.stream().filter(AdoptionView::isStalled).toList();
    return new CustomerAdoptionView(id, evaluatedOn, TrainingResources.overallAdoption(rows), features, stalled,
        recommendations(rows));
  }

  @Introspected
  public record ActivateRequest(@Nullable Instant activatedAt) {}

  /** Activates a catalog feature for the customer explicitly; its first use activates it too. */
  @Post("/customers/{id}/feature-adoption/{featureId}/activate")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public AdoptionView activate(Authentication auth, @PathVariable String id, @PathVariable String featureId,
      @Nullable @Body @Valid ActivateRequest body) {
    Instant at = body == null || body.activatedAt() == null ? clock.instant() : body.activatedAt();
    scopes.requireActionable(Caller.of(auth), id);
    findFeature(featureId);
    String adoptionId = rollups.activate(id, featureId, at);
    return view(rollups.findById(adoptionId).orElseThrow(), List.of());
  }

  public record SyncView(String customerId, LocalDate from, LocalDate to, int features, int stalled, int recovered) {}

  @Introspected
  public record SyncRequest(@NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @Nullable LocalDate asOf, @Nullable LocalDate from) {}

  /**
   * Rolls the customer's usage events up into adoption, day by day from the day after its last
   * rollup (or its first event) to {@code asOf} (default today, UTC), at most 90 days.
   */
  @Post("/feature-adoption/sync")
  @Secured({Roles.ADMIN, Roles.INTEGRATION})
  public SyncView sync(@Body @Valid SyncRequest body) {
    String customerId = body.customerId();
    LocalDate asOf = body.asOf();
    LocalDate from = body.from();
    requireCustomer(customerId);
    LocalDate to = asOf == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : asOf;
    if (from == null) {
      AdoptionRollups.SyncBounds bounds = rollups.syncBounds(customerId);
      from = bounds.lastEvaluated() != null && !bounds.lastEvaluated().isAfter(to) ? bounds.lastEvaluated().plusDays(1)
          : bounds.firstEvent() != null ? bounds.firstEvent() : to;
      from = from.isAfter(to) ? to : from;
      from = from.isBefore(to.minusDays(MAX_SYNC_DAYS - 1)) ? to.minusDays(MAX_SYNC_DAYS - 1) : from;
    } else if (from.isAfter(to)) {
      throw ApiError.badRequest("from", "must not be after asOf");
    } else if (from.isBefore(to.minusDays(MAX_SYNC_DAYS - 1))) {
      throw ApiError.badRequest("from", "a sync spans at most " + MAX_SYNC_DAYS + " days");
    }
    AdoptionRollups.RollUp rolled = rollups.rollUp(customerId, from, to);
    return new SyncView(customerId, rolled.from(), rolled.to(), rolled.rows(), rolled.stalled(), rolled.recovered());
  }

  public record InterventionView(long id, String adoptionId, String customerId, String featureId, String interventionType,
      String details, @io.swagger.v3.oas.annotations.media.Schema(type = "array") JsonNode resourcesShared, @Nullable String workflowId, @Nullable String stageBefore, int scoreBefore, Instant sentAt,
      @Nullable Integer scoreAfter, @Nullable String stageAfter, @Nullable Instant measuredAt) {}

  @Introspected
  public record InterventionRequest(
      @NotNull @Pattern(regexp = "email|call|training|resource_share",
          message = "must be one of email, call, training, resource_share") String interventionType,
      @NotBlank @Size(max = Limits.TEXT) String details,
      @Nullable @Size(max = 50) List<@NotBlank @Size(max = 2000) String> resourcesShared) {}

  @Post("/feature-adoption/{id}/intervention")
  public HttpResponse<InterventionView> intervention(Authentication auth, @PathVariable String id,
      @Body @Valid InterventionRequest body) {
    String type = body.interventionType();
    String details = body.details().strip();
    List<String> shared = body.resourcesShared();
    rollups.findById(id).filter(a -> scopes.mayAct(Caller.of(auth), a.customerId()))
        .orElseThrow(() -> ApiError.notFound("feature adoption", id));
    InterventionRow row = interventions.recordIntervention("manual/" + UUID.randomUUID(), id, type, details,
        json.valueToTree(shared == null ? List.of() : shared).toString(), null, clock.instant());
    return HttpResponse.created(intervention(row));
  }

  // ------------------------------------------------------------------ report

  @Get("/reports/adoption")
  public AdoptionReports.AdoptionReport report(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    LocalDate end = date("to", to, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    LocalDate start = date("from", from, end.minusDays(AdoptionReports.DEFAULT_DAYS - 1));
    if (start.isAfter(end)) {
      throw ApiError.badRequest("from", "must not be after to");
    }
    if (start.plusDays(MAX_REPORT_DAYS).isBefore(end)) {
      throw ApiError.badRequest("from", "a report spans at most " + MAX_REPORT_DAYS + " days");
    }
    return reports.report(start, end);
  }

  // ------------------------------------------------------------------ helpers

  private List<String> recommendations(List<FeatureAdoptionRow> rows) {
    List<String> recommendations = new ArrayList<>();
    for (FeatureAdoptionRow r : rows) {
      if (!r.stalled()) {
        continue;
      }
      FeatureCatalogEntry entry = catalog.findById(r.featureId()).orElse(null);
      String outreach = entry == null ? "Offer a walkthrough of " + r.featureName() + "."
          : TrainingResources.suggestedOutreach(entry, TrainingResources.parse(json, entry.trainingResources()));
      recommendations.add(r.featureName() + " is stalled (score " + r.usageScore() + "/100, " + r.daysInStage()
          + " days " + r.stage().replace('_', ' ') + "): " + outreach);
    }
    rows.stream().filter(r -> "churned".equals(r.stage())).forEach(r -> recommendations.add(
        r.featureName() + " was adopted and has gone silent for 14 days: ask what changed."));
    if (recommendations.isEmpty()) {
      recommendations.add(rows.isEmpty() ? "No catalog feature is activated or used yet."
          : "No stalled features: adoption is on track.");
    }
    return recommendations;
  }

  private AdoptionView view(FeatureAdoptionRow r, List<AdoptionRollups.WeeklyScore> weekly) {
    return new AdoptionView(r.id(), r.featureId(), r.featureName(), r.stage(), r.usageScore(), r.lastUsedAt(), r.stalled(),
        r.daysInStage(), r.stallReason(), r.activatedAt(), r.activationSource(), r.expectedAdoptionDays(),
        r.importanceScore(), r.usageCount(), r.featureUsers(), r.activeUsers(), r.stallDetectedAt(), r.recoveredAt(),
        r.lastAlertedAt(), r.interventionSentAt(), r.interventionType(), r.adoptionAfterIntervention(), r.evaluatedOn(),
        weekly.stream().map(w -> new WeeklyScoreView(w.weekEnding(), w.usageScore(), w.stage())).toList());
  }

  private InterventionView intervention(InterventionRow r) {
    return new InterventionView(r.id(), r.adoptionId(), r.customerId(), r.featureId(), r.interventionType(), r.details(),
        parse(r.resourcesShared()), r.workflowId(), r.stageBefore(), r.scoreBefore(), r.sentAt(), r.scoreAfter(),
        r.stageAfter(), r.measuredAt());
  }

  private FeatureView feature(FeatureCatalogEntry e) {
    return new FeatureView(e.featureId(), e.featureName(), e.category(), e.importanceScore(), e.expectedAdoptionDays(),
        e.targetShare(), benchmarks(e.segmentBenchmarks()), parse(e.trainingResources()), e.tips(), e.keyBenefit(),
        e.plan(), e.createdAt(), e.updatedAt());
  }

  private Map<String, BigDecimal> benchmarks(String stored) {
    Map<String, BigDecimal> shares = new java.util.TreeMap<>();
    parse(stored).fields().forEachRemaining(e -> shares.put(e.getKey(), e.getValue().decimalValue()));
    return shares;
  }

  private ObjectNode resource(TrainingResource r) {
    ObjectNode resource = json.createObjectNode().put("type", r.type()).put("title", r.title().strip()).put("url", r.url());
    if (r.durationMinutes() != null) {
      resource.put("durationMinutes", r.durationMinutes());
    }
    if (r.level() != null) {
      resource.put("level", r.level());
    }
    if (r.nextSession() != null) {
      resource.put("nextSession", r.nextSession().toString());
    }
    return resource;
  }

  private static LocalDate date(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      LocalDate day = LocalDate.parse(value.strip());
      if (!JsonGuards.inEra(day)) {
        throw ApiError.badRequest(name, JsonGuards.ERA);
      }
      return day;
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(name, "must be a date as YYYY-MM-DD");
    }
  }

  private FeatureCatalogEntry findFeature(String featureId) {
    return catalog.findById(featureId).orElseThrow(() -> ApiError.notFound("feature", featureId));
  }

  private void requireCustomer(String id) {
    if (!customers.existsById(id)) {
      throw ApiError.notFound("customer", id);
    }
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (Exception e) {
      return json.getNodeFactory().textNode(text);
    }
  }
}
