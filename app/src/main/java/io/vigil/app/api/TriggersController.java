package io.vigil.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.activities.detection.DropClassifier;
import io.vigil.activities.detection.UsageDropSweep;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.usagedrop.CheckinPolicy;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Trigger rules (PRD-086 4.2): per-metric, per-segment thresholds, baseline length, cooldown and actions. */
@Controller("/api/triggers")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TriggersController {
  private static final Set<String> TYPES = Set.of("usage_drop");
  private static final Set<String> METRICS = Set.of("dau", "wau", "mau", "feature_usage", "login_frequency");
  private static final Set<String> SEVERITIES = Set.of("medium", "high", "critical");

  private final TriggerRuleRepository triggers;
  private final CustomerRepository customers;
  private final UsageStore usage;
  private final UsageDropSweep sweep;
  private final Views views;
  private final Scopes scopes;

  public TriggersController(TriggerRuleRepository triggers, CustomerRepository customers, UsageStore usage,
      UsageDropSweep sweep, Views views, Scopes scopes) {
    this.scopes = scopes;
    this.triggers = triggers;
    this.customers = customers;
    this.usage = usage;
    this.sweep = sweep;
    this.views = views;
  }

  @Get
  public List<Views.TriggerView> list(@Nullable @QueryValue String type) {
    return triggers.search(type).stream().map(views::trigger).toList();
  }

  @Get("/{id}")
  public Views.TriggerView get(@PathVariable String id) {
    return views.trigger(find(id));
  }

  @Post
  @Secured(Roles.ADMIN)
  public HttpResponse<Views.TriggerView> create(@Body JsonNode body) {
    Fields f = new Fields(body);
    String type = f.oneOf("type", TYPES);
    String segment = f.optionalText("segment");
    String name = f.optionalText("name");
    Integer cooldownDays = f.optionalInt("cooldownDays", 0, 365);
    List<String> actions = f.optionalTextList("actions");
    Fields condition = f.nested(body == null ? null : body.get("condition"), "condition");
    String metricType = condition.oneOf("metricType", METRICS);
    BigDecimal threshold = condition.decimal("threshold", BigDecimal.ONE, new BigDecimal("100"));
    Integer comparisonPeriod = condition.optionalInt("comparisonPeriod", 7, 182);
    String severity = condition.optionalOneOf("severity", SEVERITIES);
    if (actions == null || actions.isEmpty()) {
      f.fail("actions", "is required: one or more of " + String.join(", ", CheckinPolicy.ALL_ACTIONS.stream().sorted().toList()));
    } else {
      actions.stream().filter(a -> !CheckinPolicy.ALL_ACTIONS.contains(a))
          .forEach(a -> f.fail("actions", "unknown action " + a));
    }
    f.throwIfInvalid();
    String id = "trg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    triggers.insert(id, type, name == null ? metricType + " drop" + (segment == null ? "" : " (" + segment + ")") : name,
        segment, metricType, threshold, comparisonPeriod == null ? 28 : comparisonPeriod,
        cooldownDays == null ? 7 : cooldownDays, severity, actions.toArray(String[]::new), true);
    return HttpResponse.created(views.trigger(find(id)));
  }

  public record TestResult(String triggerId, String customerId, LocalDate asOf, boolean wouldFire, String severity,
      List<DetectedDrop> measured, String explanation) {}

  /**
   * A dry run of one rule against one customer: what it measures as of {@code asOf} (default: the
   * customer's newest rollup) and whether it would alert. Starts nothing.
   */
  @Post("/{id}/test")
  public TestResult test(Authentication auth, @PathVariable String id, @Body JsonNode body) {
    TriggerRule rule = find(id);
    Fields f = new Fields(body);
    String customerId = f.text("customerId");
    LocalDate requested = f.optionalDate("asOf");
    f.throwIfInvalid();
    var customer = scopes.visibleCustomer(Caller.of(auth), customerId);
    LocalDate asOf = requested != null ? requested : usage.latestMetricDate(customerId)
        .orElseThrow(() -> ApiError.conflict("customer " + customerId + " has no usage metrics yet; "
            + "POST /api/v1/usage/calculate-metrics first"));
    List<DetectedDrop> measured = sweep.measure(asOf, customerId, rule);
    if (rule.segment() != null && !rule.segment().equalsIgnoreCase(customer.segment())) {
      return new TestResult(id, customerId, asOf, false, null, measured,
          "rule applies to segment " + rule.segment() + ", customer is in " + customer.segment());
    }
    List<UsageDropAlert> alerts = new DropClassifier(List.of(rule), sweep.approvalPolicy()).alerts(asOf, measured);
    if (measured.isEmpty()) {
      return new TestResult(id, customerId, asOf, false, null, measured, "not enough history: the rule compares the week "
          + "ending " + asOf + " with the " + DropClassifier.weeksOf(rule) + " weeks before it, and needs a baseline above the minimum");
    }
    return alerts.isEmpty()
        ? new TestResult(id, customerId, asOf, false, null, measured, "no drop above " + rule.threshold() + "%")
        : new TestResult(id, customerId, asOf, true, alerts.get(0).severity().label(), measured,
            alerts.get(0).primaryDrop().summary());
  }

  private TriggerRule find(String id) {
    return triggers.findById(id).orElseThrow(() -> ApiError.notFound("trigger", id));
  }
}
