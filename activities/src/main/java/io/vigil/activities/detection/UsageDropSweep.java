package io.vigil.activities.detection;

import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.CustomerRepository;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One detection sweep as of a day: query the rollups once per baseline length, classify, dispatch. */
@Singleton
public class UsageDropSweep {
  private final UsageStore usage;
  private final TriggerRuleRepository triggers;
  private final CustomerRepository customers;
  private final DetectionCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final ApprovalPolicy approvalPolicy;
  private final double minBaselineUsers;
  private final double minBaselineFeatureUses;

  public UsageDropSweep(UsageStore usage, TriggerRuleRepository triggers, CustomerRepository customers,
      DetectionCalendar calendar, AlertDispatcher dispatcher, ApprovalPolicy approvalPolicy,
      @Value("${vigil.detection.min-baseline-users:3}") double minBaselineUsers,
      @Value("${vigil.detection.min-baseline-feature-uses:10}") double minBaselineFeatureUses) {
    this.usage = usage;
    this.triggers = triggers;
    this.customers = customers;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.approvalPolicy = approvalPolicy;
    this.minBaselineUsers = minBaselineUsers;
    this.minBaselineFeatureUses = minBaselineFeatureUses;
  }

  public record Signal(String customerId, String metricType, String featureId, double currentValue, double baselineValue,
      double percentDrop, String severity, boolean suppressed, String reason, String workflowId) {}

  public record Result(LocalDate asOf, long evaluated, String skipped, List<Signal> signals) {}

  /** Detects without dispatching: what a sweep would alert on (trigger tests use this). */
  public List<UsageDropAlert> detect(LocalDate asOf, String customerIdOrNull, List<TriggerRule> rules) {
    DropClassifier classifier = new DropClassifier(rules, approvalPolicy);
    Map<Integer, List<TriggerRule>> byWeeks =
        rules.stream().collect(Collectors.groupingBy(DropClassifier::weeksOf, TreeMap::new, Collectors.toList()));
    List<UsageDropAlert> alerts = new ArrayList<>();
    for (var group : byWeeks.entrySet()) {
      double minThreshold = group.getValue().stream().mapToDouble(r -> r.threshold().doubleValue()).min().orElse(0);
      List<DetectedDrop> drops = usage.findDrops(asOf, group.getKey(), customerIdOrNull, calendar.holidays(),
          minThreshold, minBaselineUsers, minBaselineFeatureUses);
      alerts.addAll(classifier.alerts(asOf, drops, group.getKey()));
    }
    return merge(alerts);
  }

  /** One rule's metric for one customer as of a day, whatever its size: what a trigger test shows. */
  public List<DetectedDrop> measure(LocalDate asOf, String customerId, TriggerRule rule) {
    return usage.findDrops(asOf, DropClassifier.weeksOf(rule), customerId, calendar.holidays(), -Double.MAX_VALUE,
            minBaselineUsers, minBaselineFeatureUses)
        .stream().filter(d -> d.metricType().equals(rule.metricType())).toList();
  }

  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  public Result run(LocalDate asOf, String customerIdOrNull) {
    long evaluated = customerIdOrNull == null ? customers.count() : (customers.existsById(customerIdOrNull) ? 1 : 0);
    var skip = calendar.skipReason(asOf);
    if (skip.isPresent()) {
      return new Result(asOf, 0, skip.get(), List.of());
    }
    List<Signal> signals = new ArrayList<>();
    for (UsageDropAlert alert : detect(asOf, customerIdOrNull, triggers.findEnabled("usage_drop"))) {
      AlertDispatcher.Dispatch dispatch = dispatcher.dispatch(alert);
      boolean first = true;
      for (MetricDrop drop : alert.drops()) {
        String reason;
        boolean suppressed;
        if (!dispatch.started()) {
          suppressed = true;
          reason = "an alert for this customer is still running or cooling down (" + dispatch.workflowId() + ")";
        } else if (first) {
          suppressed = false;
          reason = "alert started: " + drop.summary();
        } else {
          suppressed = true;
          reason = "included in this customer's " + alert.primaryDrop().metricType() + " alert";
        }
        signals.add(new Signal(alert.customerId(), drop.metricType(), drop.featureId(), drop.currentValue(),
            drop.baselineValue(), drop.percentDrop(), drop.severity().label(), suppressed, reason, dispatch.workflowId()));
        first = false;
      }
    }
    return new Result(asOf, evaluated, null, signals);
  }

  /** Rules with different baseline lengths may flag the same customer: one alert, worst drop first. */
  private static List<UsageDropAlert> merge(List<UsageDropAlert> alerts) {
    Map<String, UsageDropAlert> byCustomer = new java.util.LinkedHashMap<>();
    for (UsageDropAlert alert : alerts) {
      byCustomer.merge(alert.customerId(), alert, (a, b) -> {
        List<MetricDrop> drops = new ArrayList<>(a.drops());
        drops.addAll(b.drops());
        drops.sort(java.util.Comparator.comparingDouble(MetricDrop::percentDrop).reversed());
        UsageDropAlert lead = a.primaryDrop().percentDrop() >= b.primaryDrop().percentDrop() ? a : b;
        return new UsageDropAlert(lead.customerId(), lead.customerName(), lead.csmId(), lead.triggerId(), lead.asOf(),
            drops.get(0).severity(), drops, lead.policy());
      });
    }
    return new ArrayList<>(byCustomer.values());
  }
}
