package io.vigil.activities.detection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.sweep.RolledUp;
import io.vigil.workflows.usagedrop.MetricDrop;
import io.vigil.workflows.usagedrop.UsageDropAlert;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Usage-drop detection as of a day: query the rollups once per baseline length for a scope of
 * customers (one, a page by id, all), classify, and, for a run from the API, roll up what is due
 * first and dispatch. The scheduled sweep runs the same pieces as separate activities.
 */
@Singleton
public class UsageDropSweep {
  private final UsageStore usage;
  private final UsageRollups rollups;
  private final TriggerRuleRepository triggers;
  private final DetectionCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final ApprovalPolicy approvalPolicy;
  private final double minBaselineUsers;
  private final double minBaselineFeatureUses;
  private final int pageSize;

  public UsageDropSweep(UsageStore usage, UsageRollups rollups, TriggerRuleRepository triggers,
      DetectionCalendar calendar, AlertDispatcher dispatcher, ApprovalPolicy approvalPolicy,
      @Value("${vigil.detection.min-baseline-users:3}") double minBaselineUsers,
      @Value("${vigil.detection.min-baseline-feature-uses:10}") double minBaselineFeatureUses,
      @Value("${vigil.detection.page-size:5000}") int pageSize) {
    this.usage = usage;
    this.rollups = rollups;
    this.triggers = triggers;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.approvalPolicy = approvalPolicy;
    this.minBaselineUsers = minBaselineUsers;
    this.minBaselineFeatureUses = minBaselineFeatureUses;
    this.pageSize = pageSize;
  }

  public record Signal(String customerId, String metricType, @Nullable String featureId, double currentValue,
      double baselineValue, double percentDrop, String severity, boolean suppressed, String reason, @Nullable String workflowId) {}

  /**
   * A run's answer: customers evaluated, customers skipped by reason ({@code weekend} or {@code
   * holiday} with {@code skipReason} on a day that is not evaluated; {@code notEnoughHistory},
   * {@code baselineTooSmall}), what was rolled up first, and one signal per qualifying drop.
   */
  public record Result(LocalDate asOf, long evaluated, Map<String, Long> skipped, String skipReason, RolledUp rolledUp,
      List<Signal> signals) {}

  /** The alerts of one scope, and how many of its customers were evaluated or skipped (by reason). */
  public record Detection(List<UsageDropAlert> alerts, int evaluated, Map<String, Integer> skipped) {}

  public int pageSize() {
    return pageSize;
  }

  /** Detects without dispatching: what a sweep would alert on (trigger tests use this). */
  public List<UsageDropAlert> detect(LocalDate asOf, String customerIdOrNull, List<TriggerRule> rules) {
    return detect(asOf, CustomerScope.of(customerIdOrNull), 0, rules).alerts();
  }

  /**
   * Detects over the customers of {@code scope} ({@code customersInScope} of them) without
   * dispatching. A customer counts as evaluated when any rule's baseline length could judge it;
   * otherwise it is skipped for the reason the shortest baseline gave.
   */
  public Detection detect(LocalDate asOf, CustomerScope scope, long customersInScope, List<TriggerRule> rules) {
    DropClassifier classifier = new DropClassifier(rules, approvalPolicy);
    Map<Integer, List<TriggerRule>> byWeeks =
        rules.stream().collect(Collectors.groupingBy(DropClassifier::weeksOf, TreeMap::new, Collectors.toList()));
    List<UsageDropAlert> alerts = new ArrayList<>();
    Map<String, String> skipped = null;
    for (var group : byWeeks.entrySet()) {
      double minThreshold = group.getValue().stream().mapToDouble(r -> r.threshold().doubleValue()).min().orElse(0);
      DropScan scan = usage.scanDrops(asOf, group.getKey(), scope, calendar.holidays(),
          minThreshold, minBaselineUsers, minBaselineFeatureUses);
      alerts.addAll(classifier.alerts(asOf, scan.drops(), group.getKey()));
      if (skipped == null) {
        skipped = new LinkedHashMap<>(scan.skipped());
      } else {
        skipped.keySet().retainAll(scan.skipped().keySet());
      }
    }
    Map<String, Integer> reasons = new TreeMap<>();
    if (skipped != null) {
      skipped.values().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
    }
    int skippedCount = skipped == null ? 0 : skipped.size();
    return new Detection(merge(alerts), (int) Math.max(0, customersInScope - skippedCount), reasons);
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

  /**
   * A whole run as of a day, for one customer or all (by pages), in this thread: roll up what the
   * evaluation needs, detect, start or signal each customer's check-in. The API and the demo use it.
   */
  public Result run(LocalDate asOf, String customerIdOrNull) {
    CustomerScope scope = CustomerScope.of(customerIdOrNull);
    UsageRollups.Rolled rolled = rollups.rollUpFor(asOf, scope, progress -> {});
    var skip = calendar.skip(asOf);
    if (skip.isPresent()) {
      return new Result(asOf, 0, Map.of(skip.get().kind(), rolled.customersInScope()), skip.get().reason(),
          rolled.rolledUp(), List.of());
    }
    String origin = "run/" + asOf + "/" + UUID.randomUUID();
    List<TriggerRule> rules = triggers.findEnabled("usage_drop");
    long evaluated = 0;
    Map<String, Long> skipped = new TreeMap<>();
    List<Signal> signals = new ArrayList<>();
    String cursor = null;
    while (true) {
      Detection detection;
      boolean last;
      if (customerIdOrNull != null) {
        detection = detect(asOf, scope, rolled.customersInScope(), rules);
        last = true;
      } else {
        List<String> page = usage.customerIdsAfter(cursor, pageSize);
        if (page.isEmpty()) {
          break;
        }
        String upTo = page.get(page.size() - 1);
        detection = detect(asOf, CustomerScope.range(cursor, upTo), page.size(), rules);
        cursor = upTo;
        last = page.size() < pageSize;
      }
      evaluated += detection.evaluated();
      detection.skipped().forEach((reason, n) -> skipped.merge(reason, (long) n, Long::sum));
      for (UsageDropAlert alert : detection.alerts()) {
        signals.addAll(signals(alert, dispatcher.dispatch(alert, origin)));
      }
      if (last) {
        break;
      }
    }
    return new Result(asOf, evaluated, skipped, null, rolled.rolledUp(), signals);
  }

  /** One signal per drop of a dispatched alert: the lead drop started it (or was suppressed), the others ride along. */
  static List<Signal> signals(UsageDropAlert alert, AlertDispatcher.Dispatch dispatch) {
    List<Signal> signals = new ArrayList<>();
    boolean first = true;
    for (MetricDrop drop : alert.drops()) {
      String reason;
      boolean suppressed;
      if (!dispatch.started()) {
        suppressed = true;
        reason = "an alert for this customer is still running or cooling down (" + dispatch.workflowId() + ")";
      } else if (first) {
        suppressed = false;
        reason = "alert started: " + drop.summary() + (drop.evidence() == null ? "" : "; " + drop.evidence());
      } else {
        suppressed = true;
        reason = "included in this customer's " + alert.primaryDrop().metricType() + " alert";
      }
      signals.add(new Signal(alert.customerId(), drop.metricType(), drop.featureId(), drop.currentValue(),
          drop.baselineValue(), drop.percentDrop(), drop.severity().label(), suppressed, reason, dispatch.workflowId()));
      first = false;
    }
    return signals;
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
