package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import io.vigil.app.triggers.TriggerEdits;
import io.vigil.activities.detection.DropClassifier;
import io.vigil.activities.detection.UsageDropSweep;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleChanges;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.usagedrop.CheckinPolicy;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Trigger rules (PRD-086 4.2): per-metric, per-segment thresholds, baseline length, cooldown and actions. */
@Controller("/api/triggers")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TriggersController {

  private final TriggerRuleRepository triggers;
  private final TriggerRuleChanges changes;
  private final TriggerEdits edits;
  private final CustomerRepository customers;
  private final UsageStore usage;
  private final UsageDropSweep sweep;
  private final Views views;
  private final Scopes scopes;

  public TriggersController(TriggerRuleRepository triggers, TriggerRuleChanges changes, TriggerEdits edits,
      CustomerRepository customers, UsageStore usage, UsageDropSweep sweep, Views views, Scopes scopes) {
    this.scopes = scopes;
    this.triggers = triggers;
    this.changes = changes;
    this.edits = edits;
    this.customers = customers;
    this.usage = usage;
    this.sweep = sweep;
    this.views = views;
  }

  @Get
  public Page<Views.TriggerView> list(@Nullable @QueryValue String type, @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("triggers", limit, cursor, 2);
    return page.page(triggers.search(type, page.instant(0), page.text(1), page.fetch()), views::trigger,
        t -> List.of(t.createdAt(), t.id()));
  }

  @Get("/{id}")
  public Views.TriggerView get(@PathVariable String id) {
    return views.trigger(find(id));
  }

  @Introspected
  public record Condition(
      @NotNull @Pattern(regexp = "dau|wau|mau|feature_usage|login_frequency",
          message = "must be one of dau, wau, mau, feature_usage, login_frequency") String metricType,
      @NotNull @DecimalMin("1") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal threshold,
      @Nullable @Min(7) @Max(182) Integer comparisonPeriod,
      @Nullable @Pattern(regexp = "medium|high|critical", message = "must be one of medium, high, critical") String severity) {}

  @Introspected
  public record TriggerRequest(
      @NotNull @Pattern(regexp = "usage_drop", message = "must be usage_drop") String type,
      @Nullable @Size(min = 1, max = 100) String segment,
      @Nullable @Size(min = 1, max = Limits.NAME) String name,
      @Nullable @Min(0) @Max(365) Integer cooldownDays,
      @NotEmpty(message = "is required: one or more of create_task, draft_email, slack_notify, update_health_score")
      @Size(max = 10) List<@NotNull @Pattern(regexp = "create_task|draft_email|slack_notify|update_health_score",
          message = "must be one of create_task, draft_email, slack_notify, update_health_score") String> actions,
      @NotNull @Valid Condition condition) {}

  @Post
  @Secured(Roles.ADMIN)
  public HttpResponse<Views.TriggerView> create(Authentication auth, @Body @Valid TriggerRequest body) {
    return HttpResponse.created(views.trigger(edits.create(Caller.of(auth), body)));
  }

  /**
   * Replaces the rule's definition (everything but its id, type and whether it is enabled); the sweep
   * uses it from its next run. The same edit again changes nothing and records nothing.
   */
  @Put("/{id}")
  @Secured(Roles.ADMIN)
  public Views.TriggerView update(Authentication auth, @PathVariable String id, @Body @Valid TriggerRequest body) {
    return views.trigger(edits.update(Caller.of(auth), id, body));
  }

  /** The sweep stops using the rule from its next run; the rule and its history stay. */
  @Post("/{id}/disable")
  @Secured(Roles.ADMIN)
  public Views.TriggerView disable(Authentication auth, @PathVariable String id) {
    return views.trigger(edits.setEnabled(Caller.of(auth), id, false));
  }

  @Post("/{id}/enable")
  @Secured(Roles.ADMIN)
  public Views.TriggerView enable(Authentication auth, @PathVariable String id) {
    return views.trigger(edits.setEnabled(Caller.of(auth), id, true));
  }

  /** Who changed the rule, when and how, newest first: the rule as it was ({@code before}) and became. */
  @Get("/{id}/changes")
  public List<Views.TriggerChangeView> history(@PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit) {
    find(id);
    return changes.history(id, limit == null ? Keyset.DEFAULT_LIMIT : limit).stream().map(views::triggerChange).toList();
  }

  public record TestResult(String triggerId, String customerId, LocalDate asOf, boolean wouldFire, @Nullable String severity,
      List<DetectedDrop> measured, @Nullable String explanation) {}

  @Introspected
  public record TestRequest(@NotNull @Pattern(regexp = Limits.ID, message = Limits.ID_MESSAGE) String customerId,
      @Nullable LocalDate asOf) {}

  /**
   * A dry run of one rule against one customer: what it measures as of {@code asOf} (default: the
   * customer's newest rollup) and whether it would alert. Starts nothing.
   */
  @Post("/{id}/test")
  public TestResult test(Authentication auth, @PathVariable String id, @Body @Valid TestRequest body) {
    TriggerRule rule = find(id);
    String customerId = body.customerId();
    LocalDate requested = body.asOf();
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
    return edits.find(id);
  }
}
