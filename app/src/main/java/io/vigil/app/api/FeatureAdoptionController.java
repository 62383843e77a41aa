package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.vigil.infra.persistence.AdoptionStore;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.FeatureAdoptionRow;
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
  private static final Set<String> RESOURCE_TYPES = Set.of("video", "documentation", "webinar", "article");
  private static final Set<String> LEVELS = Set.of("beginner", "intermediate", "advanced");
  private static final Set<String> INTERVENTION_TYPES = Set.of("email", "call", "training", "resource_share");
  private static final int MAX_SYNC_DAYS = 90;
  private static final int TREND_WEEKS = 8;

  private final FeatureCatalogStore catalog;
  private final AdoptionStore adoption;
  private final CustomerRepository customers;
  private final ObjectMapper json;
  private final Clock clock;
  private final Scopes scopes;

  public FeatureAdoptionController(FeatureCatalogStore catalog, AdoptionStore adoption, CustomerRepository customers,
      ObjectMapper json, Clock clock, Scopes scopes) {
    this.scopes = scopes;
    this.catalog = catalog;
    this.adoption = adoption;
    this.customers = customers;
    this.json = json;
    this.clock = clock;
  }

  // ------------------------------------------------------------------ catalog

  public record FeatureView(String featureId, String featureName, String category, int importanceScore,
      int expectedAdoptionDays, BigDecimal targetShare, JsonNode segmentBenchmarks, JsonNode trainingResources,
      String tips, String keyBenefit, Instant createdAt, Instant updatedAt) {}

  @Put("/features/{featureId}")
  @Secured({Roles.ADMIN, Roles.INTEGRATION})
  public FeatureView putFeature(@PathVariable String featureId, @Body JsonNode body) {
    Fields f = new Fields(body);
    if (!featureId.matches("[A-Za-z0-9._-]{1,100}")) {
      f.fail("featureId", "must be 1-100 letters, digits, '.', '_' or '-'");
    }
    String name = f.text("featureName");
    String category = f.optionalText("category");
    Integer importance = f.optionalInt("importanceScore", 0, 100);
    Integer expectedDays = f.optionalInt("expectedAdoptionDays", 1, 365);
    BigDecimal targetShare = share(f, body, "targetShare");
    ObjectNode benchmarks = benchmarks(f, body);
    ArrayNode resources = resources(f, body);
    String tips = f.optionalText("tips");
    String keyBenefit = f.optionalText("keyBenefit");
    f.throwIfInvalid();
    FeatureCatalogEntry entry = catalog.upsert(featureId, name, category, importance == null ? 50 : importance,
        expectedDays == null ? 30 : expectedDays, targetShare == null ? new BigDecimal("0.5") : targetShare,
        benchmarks.toString(), resources.toString(), tips, keyBenefit);
    return feature(entry);
  }

  @Get("/features/{featureId}")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public FeatureView getFeature(@PathVariable String featureId) {
    return feature(findFeature(featureId));
  }

  public record ResourcesView(FeatureView feature, JsonNode resources, String suggestedOutreach) {}

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
      Instant lastUsedAt, boolean isStalled, int daysInCurrentStage, String stallReason, Instant activatedAt,
      String activationSource, int expectedAdoptionDays, int importanceScore, int usageCount, int featureUsers,
      int activeUsers, Instant stallDetectedAt, Instant recoveredAt, Instant lastAlertedAt, Instant interventionSentAt,
      String interventionType, Integer adoptionAfterIntervention, LocalDate evaluatedOn,
      List<WeeklyScoreView> weeklyScores) {}

  public record CustomerAdoptionView(String customerId, LocalDate evaluatedOn, int overallAdoptionScore,
      List<AdoptionView> features, List<AdoptionView> stalledFeatures, List<String> recommendations) {}

  @Get("/customers/{id}/feature-adoption")
  public CustomerAdoptionView customerAdoption(Authentication auth, @PathVariable String id) {
    scopes.visibleCustomer(Caller.of(auth), id);
    List<FeatureAdoptionRow> rows = adoption.findByCustomer(id);
    LocalDate evaluatedOn = rows.stream().map(FeatureAdoptionRow::evaluatedOn).filter(d -> d != null)
        .max(LocalDate::compareTo).orElse(null);
    Map<String, List<AdoptionStore.WeeklyScore>> weekly =
        evaluatedOn == null ? Map.of() : adoption.weeklyScores(id, evaluatedOn, TREND_WEEKS);
    List<AdoptionView> features = rows.stream().map(r -> view(r, weekly.getOrDefault(r.featureId(), List.of()))).toList();
    List<AdoptionView> stalled = features.stream().filter(AdoptionView::isStalled).toList();
    return new CustomerAdoptionView(id, evaluatedOn, TrainingResources.overallAdoption(rows), features, stalled,
        recommendations(rows));
  }

  /** Activates a catalog feature for the customer explicitly; its first use activates it too. */
  @Post("/customers/{id}/feature-adoption/{featureId}/activate")
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public AdoptionView activate(Authentication auth, @PathVariable String id, @PathVariable String featureId, @Nullable @Body JsonNode body) {
    Fields f = new Fields(body == null ? json.createObjectNode() : body);
    Instant at = f.optionalText("activatedAt") == null ? clock.instant() : f.instant("activatedAt");
    f.throwIfInvalid();
    scopes.requireActionable(Caller.of(auth), id);
    findFeature(featureId);
    String adoptionId = adoption.activate(id, featureId, at);
    return view(adoption.findById(adoptionId).orElseThrow(), List.of());
  }

  public record SyncView(String customerId, LocalDate from, LocalDate to, int features, int stalled, int recovered) {}

  /**
   * Rolls the customer's usage events up into adoption, day by day from the day after its last
   * rollup (or its first event) to {@code asOf} (default today, UTC), at most 90 days.
   */
  @Post("/feature-adoption/sync")
  @Secured({Roles.ADMIN, Roles.INTEGRATION})
  public SyncView sync(@Body JsonNode body) {
    Fields f = new Fields(body);
    String customerId = f.text("customerId");
    LocalDate asOf = f.optionalDate("asOf");
    LocalDate from = f.optionalDate("from");
    f.throwIfInvalid();
    requireCustomer(customerId);
    LocalDate to = asOf == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : asOf;
    if (from == null) {
      AdoptionStore.SyncBounds bounds = adoption.syncBounds(customerId);
      from = bounds.lastEvaluated() != null && !bounds.lastEvaluated().isAfter(to) ? bounds.lastEvaluated().plusDays(1)
          : bounds.firstEvent() != null ? bounds.firstEvent() : to;
      from = from.isAfter(to) ? to : from;
      from = from.isBefore(to.minusDays(MAX_SYNC_DAYS - 1)) ? to.minusDays(MAX_SYNC_DAYS - 1) : from;
    } else if (from.isAfter(to)) {
      throw ApiError.badRequest("from", "must not be after asOf");
    } else if (from.isBefore(to.minusDays(MAX_SYNC_DAYS - 1))) {
      throw ApiError.badRequest("from", "a sync spans at most " + MAX_SYNC_DAYS + " days");
    }
    AdoptionStore.RollUp rolled = adoption.rollUp(customerId, from, to);
    return new SyncView(customerId, rolled.from(), rolled.to(), rolled.rows(), rolled.stalled(), rolled.recovered());
  }

  public record InterventionView(long id, String adoptionId, String customerId, String featureId, String interventionType,
      String details, JsonNode resourcesShared, String workflowId, String stageBefore, int scoreBefore, Instant sentAt,
      Integer scoreAfter, String stageAfter, Instant measuredAt) {}

  @Post("/feature-adoption/{id}/intervention")
  public HttpResponse<InterventionView> intervention(Authentication auth, @PathVariable String id, @Body JsonNode body) {
    Fields f = new Fields(body);
    String type = f.oneOf("interventionType", INTERVENTION_TYPES);
    String details = f.text("details");
    List<String> shared = f.optionalTextList("resourcesShared");
    f.throwIfInvalid();
    adoption.findById(id).filter(a -> scopes.mayAct(Caller.of(auth), a.customerId()))
        .orElseThrow(() -> ApiError.notFound("feature adoption", id));
    InterventionRow row = adoption.recordIntervention("manual/" + UUID.randomUUID(), id, type, details,
        json.valueToTree(shared == null ? List.of() : shared).toString(), null, clock.instant());
    return HttpResponse.created(intervention(row));
  }

  // ------------------------------------------------------------------ report

  @Get("/reports/adoption")
  public AdoptionStore.AdoptionReport report(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
    LocalDate end = date("to", to, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    LocalDate start = date("from", from, end.minusDays(89));
    if (start.isAfter(end)) {
      throw ApiError.badRequest("from", "must not be after to");
    }
    return adoption.report(start, end);
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

  private AdoptionView view(FeatureAdoptionRow r, List<AdoptionStore.WeeklyScore> weekly) {
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
        e.targetShare(), parse(e.segmentBenchmarks()), parse(e.trainingResources()), e.tips(), e.keyBenefit(),
        e.createdAt(), e.updatedAt());
  }

  private static BigDecimal share(Fields f, JsonNode body, String name) {
    JsonNode value = body == null ? null : body.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.decimalValue().signum() <= 0 || value.decimalValue().compareTo(BigDecimal.ONE) > 0) {
      f.fail(name, "must be a share of active users above 0 and at most 1, such as 0.5");
      return null;
    }
    return value.decimalValue();
  }

  private ObjectNode benchmarks(Fields f, JsonNode body) {
    ObjectNode benchmarks = json.createObjectNode();
    JsonNode value = body == null ? null : body.get("segmentBenchmarks");
    if (value == null || value.isNull()) {
      return benchmarks;
    }
    if (!value.isObject()) {
      f.fail("segmentBenchmarks", "must be an object of segment to share, such as {\"smb\": 0.3}");
      return benchmarks;
    }
    value.fields().forEachRemaining(e -> {
      JsonNode share = e.getValue();
      if (!share.isNumber() || share.decimalValue().signum() <= 0 || share.decimalValue().compareTo(BigDecimal.ONE) > 0) {
        f.fail("segmentBenchmarks." + e.getKey(), "must be a share above 0 and at most 1");
      } else {
        benchmarks.put(e.getKey(), share.decimalValue());
      }
    });
    return benchmarks;
  }

  private ArrayNode resources(Fields f, JsonNode body) {
    ArrayNode resources = json.createArrayNode();
    JsonNode value = body == null ? null : body.get("trainingResources");
    if (value == null || value.isNull()) {
      return resources;
    }
    if (!value.isArray()) {
      f.fail("trainingResources", "must be an array");
      return resources;
    }
    for (int i = 0; i < value.size(); i++) {
      Fields r = f.nested(value.get(i), "trainingResources[" + i + "]");
      String type = r.oneOf("type", RESOURCE_TYPES);
      String title = r.text("title");
      String url = r.text("url");
      if (url != null && !isHttpUrl(url)) {
        r.fail("url", "must be an http or https URL");
      }
      Integer minutes = r.optionalInt("durationMinutes", 1, 1000);
      String level = r.optionalOneOf("level", LEVELS);
      String nextSession = r.optionalText("nextSession");
      if (nextSession != null) {
        try {
          Instant.parse(nextSession);
        } catch (DateTimeParseException e) {
          r.fail("nextSession", "must be an ISO-8601 instant such as 2026-02-15T14:00:00Z");
        }
      }
      ObjectNode resource = resources.addObject().put("type", type).put("title", title).put("url", url);
      if (minutes != null) {
        resource.put("durationMinutes", minutes);
      }
      if (level != null) {
        resource.put("level", level);
      }
      if (nextSession != null) {
        resource.put("nextSession", nextSession);
      }
    }
    return resources;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = URI.create(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static LocalDate date(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.strip());
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
