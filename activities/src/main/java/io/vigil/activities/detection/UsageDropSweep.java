package io.vigil.activities.detection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Value;
import io.vigil.infra.persistence.CustomerPlace;
import io.vigil.infra.persistence.CustomerScope;
import io.vigil.infra.persistence.DetectedDrop;
import io.vigil.infra.persistence.DropScan;
import io.vigil.infra.persistence.TriggerRule;
import io.vigil.infra.persistence.TriggerRuleRepository;
import io.vigil.infra.persistence.UsageStore;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.sweep.CommonModeDay;
import io.vigil.workflows.sweep.DayTally;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage-drop detection as of a day: query the rollups once per baseline length for a scope of
 * customers (one, a page by id, all), classify, and, for a run from the API, roll up what is due
 * first and dispatch. The scheduled sweep runs the same pieces as separate activities.
 */
@Singleton
public class UsageDropSweep {
  /** Customers whose own public holiday is the evaluated day. */
  public static final String HOLIDAY = "holiday";
  /** Customers of a common-mode day's group: not evaluated ({@link CommonModeRule}). */
  public static final String COMMON_MODE = "commonMode";
  /** Without a DAU rule for a customer's segment, a DAU drop above this counts toward a common-mode day. */
  static final double COMMON_MODE_DEFAULT_THRESHOLD = 30;
  private static final Logger LOG = LoggerFactory.getLogger(UsageDropSweep.class);

  private final UsageStore usage;
  private final UsageRollups rollups;
  private final TriggerRuleRepository triggers;
  private final DetectionCalendar calendar;
  private final AlertDispatcher dispatcher;
  private final ApprovalPolicy approvalPolicy;
  private final CommonModeRule commonMode;
  private final CommonModeNotice notice;
  private final double minBaselineUsers;
  private final double minBaselineFeatureUses;
  private final int pageSize;

  public UsageDropSweep(UsageStore usage, UsageRollups rollups, TriggerRuleRepository triggers,
      DetectionCalendar calendar, AlertDispatcher dispatcher, ApprovalPolicy approvalPolicy, CommonModeRule commonMode,
      CommonModeNotice notice,
      @Value("${vigil.detection.min-baseline-users:3}") double minBaselineUsers,
      @Value("${vigil.detection.min-baseline-feature-uses:10}") double minBaselineFeatureUses,
      @Value("${vigil.detection.page-size:5000}") int pageSize) {
    this.usage = usage;
    this.rollups = rollups;
    this.triggers = triggers;
    this.calendar = calendar;
    this.dispatcher = dispatcher;
    this.approvalPolicy = approvalPolicy;
    this.commonMode = commonMode;
    this.notice = notice;
    this.minBaselineUsers = minBaselineUsers;
    this.minBaselineFeatureUses = minBaselineFeatureUses;
    this.pageSize = pageSize;
  }

  public record Signal(String customerId, String metricType, @Nullable String featureId, double currentValue,
      double baselineValue, double percentDrop, String severity, boolean suppressed, String reason, @Nullable String workflowId) {}

  /**
   * A run's answer: customers evaluated, customers skipped by reason ({@code weekend} or {@code
   * holiday} with {@code skipReason} on a day that is not evaluated; a customer's own {@code
   * holiday}, {@code commonMode}, {@code notEnoughHistory}, {@code baselineTooSmall}), what was
   * rolled up first, one signal per qualifying drop, and the common-mode days found (empty on an
   * ordinary day).
   */
  public record Result(LocalDate asOf, long evaluated, Map<String, Long> skipped, String skipReason, RolledUp rolledUp,
      List<Signal> signals, List<CommonModeDay> commonMode) {}

  /**
   * The alerts of one scope, how many of its customers were evaluated or skipped (by reason), the
   * evaluated customers' DAU drops by group ({@link DayTally}) and the country each alerted
   * customer's calendar follows (absent: none).
   */
  public record Detection(List<UsageDropAlert> alerts, int evaluated, Map<String, Integer> skipped,
      Map<String, DayTally> tallies, Map<String, String> alertCountries) {}

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
   * otherwise it is skipped for the reason the shortest baseline gave, or as {@code holiday} when
   * the day is a public holiday of its country.
   */
  public Detection detect(LocalDate asOf, CustomerScope scope, long customersInScope, List<TriggerRule> rules) {
    DropClassifier classifier = new DropClassifier(rules, approvalPolicy);
    TreeMap<Integer, List<TriggerRule>> byWeeks =
        rules.stream().collect(Collectors.groupingBy(DropClassifier::weeksOf, TreeMap::new, Collectors.toList()));
    Map<String, CustomerPlace> places = usage.places(scope);
    int longest = byWeeks.isEmpty() ? 0 : byWeeks.lastKey();
    DetectionCalendar.Window window = calendar.window(places.values(), asOf.minusDays(7L * longest + 6), asOf);
    List<UsageDropAlert> alerts = new ArrayList<>();
    Map<String, String> skipped = null;
    Map<String, Double> dauDrops = new java.util.HashMap<>();
    for (var group : byWeeks.entrySet()) {
      double minThreshold = group.getValue().stream().mapToDouble(r -> r.threshold().doubleValue()).min().orElse(0);
      DropScan scan = usage.scanDrops(asOf, group.getKey(), scope, window.days(),
          minThreshold, minBaselineUsers, minBaselineFeatureUses);
      List<DetectedDrop> drops = scan.drops().stream().filter(d -> !window.offOnDay().contains(d.customerId())).toList();
      alerts.addAll(classifier.alerts(asOf, drops, group.getKey()));
      for (DetectedDrop drop : drops) {
        if (drop.metricType().equals("dau") && drop.percentDrop() > dauThreshold(classifier, drop, group.getKey(), byWeeks)) {
          dauDrops.put(drop.customerId(), drop.percentDrop());
        }
      }
      if (skipped == null) {
        skipped = new LinkedHashMap<>(scan.skipped());
      } else {
        skipped.keySet().retainAll(scan.skipped().keySet());
      }
    }
    if (skipped == null) {
      skipped = new LinkedHashMap<>();
    }
    for (String off : window.offOnDay()) {
      skipped.put(off, HOLIDAY);
    }
    Map<String, Integer> reasons = new TreeMap<>();
    skipped.values().forEach(reason -> reasons.merge(reason, 1, Integer::sum));
    Map<String, DayTally> tallies = new TreeMap<>();
    for (String customerId : places.keySet()) {
      if (!skipped.containsKey(customerId)) {
        DayTally one = new DayTally(1, dauDrops.containsKey(customerId) ? 1 : 0);
        tallies.merge(DayTally.PORTFOLIO, one, DayTally::plus);
        String country = window.countries().get(customerId);
        if (country != null) {
          tallies.merge(DayTally.country(country), one, DayTally::plus);
        }
      }
    }
    List<UsageDropAlert> merged = merge(alerts);
    Map<String, String> alertCountries = new TreeMap<>();
    for (UsageDropAlert alert : merged) {
      String country = window.countries().get(alert.customerId());
      if (country != null) {
        alertCountries.put(alert.customerId(), country);
      }
    }
    return new Detection(merged, (int) Math.max(0, customersInScope - skipped.size()), reasons, tallies, alertCountries);
  }

  /**
   * The DAU drop that counts toward a common-mode day: the customer's DAU rule's threshold, when
   * that rule compares with {@code weeks} of baseline; without a DAU rule, the default 30% in the
   * shortest baseline's query. Infinity: this query's DAU drop does not count for the customer.
   */
  private static double dauThreshold(DropClassifier classifier, DetectedDrop drop, int weeks,
      TreeMap<Integer, List<TriggerRule>> byWeeks) {
    var rule = classifier.ruleFor("dau", drop.segment());
    if (rule.isPresent()) {
      return DropClassifier.weeksOf(rule.get()) == weeks ? rule.get().threshold().doubleValue() : Double.POSITIVE_INFINITY;
    }
    return weeks == byWeeks.firstKey() ? COMMON_MODE_DEFAULT_THRESHOLD : Double.POSITIVE_INFINITY;
  }

  /** One rule's metric for one customer as of a day, whatever its size: what a trigger test shows. */
  public List<DetectedDrop> measure(LocalDate asOf, String customerId, TriggerRule rule) {
    int weeks = DropClassifier.weeksOf(rule);
    DetectionCalendar.Window window = calendar.window(usage.places(CustomerScope.of(customerId)).values(),
        asOf.minusDays(7L * weeks + 6), asOf);
    return usage.findDrops(asOf, weeks, customerId, window.days(), -Double.MAX_VALUE,
            minBaselineUsers, minBaselineFeatureUses)
        .stream().filter(d -> d.metricType().equals(rule.metricType())).toList();
  }

  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /**
   * A whole run as of a day, for one customer or all (by pages), in this thread: roll up what the
   * evaluation needs, detect every page, hold back the customers of a common-mode day (and tell
   * operators, once per day), start or signal each other customer's check-in. The API and the demo
   * use it. A run over all customers also settles what is remembered of the day's common-mode
   * groups ({@link DetectionCalendar#rememberCommonMode}); a run for one customer cannot tell.
   */
  public Result run(LocalDate asOf, String customerIdOrNull) {
    CustomerScope scope = CustomerScope.of(customerIdOrNull);
    UsageRollups.Rolled rolled = rollups.rollUpFor(asOf, scope, progress -> {});
    var skip = calendar.skip(asOf);
    if (skip.isPresent()) {
      return new Result(asOf, 0, Map.of(skip.get().kind(), rolled.customersInScope()), skip.get().reason(),
          rolled.rolledUp(), List.of(), List.of());
    }
    String origin = "run/" + asOf + "/" + UUID.randomUUID();
    List<TriggerRule> rules = triggers.findEnabled("usage_drop");
    long evaluated = 0;
    Map<String, Long> skipped = new TreeMap<>();
    Map<String, DayTally> tallies = new TreeMap<>();
    List<UsageDropAlert> alerts = new ArrayList<>();
    Map<String, String> alertCountries = new java.util.HashMap<>();
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
      tallies = DayTally.sum(tallies, detection.tallies());
      alerts.addAll(detection.alerts());
      alertCountries.putAll(detection.alertCountries());
      if (last) {
        break;
      }
    }
    List<CommonModeDay> commonModeDays = commonMode.judge(asOf, tallies);
    if (customerIdOrNull == null) {
      calendar.rememberCommonMode(asOf, commonModeDays);
    }
    if (!commonModeDays.isEmpty()) {
      long held = CommonModeRule.customersHeld(commonModeDays);
      evaluated -= held;
      skipped.merge(COMMON_MODE, held, Long::sum);
      tellOperators(commonModeDays);
    }
    List<UsageDropAlert> toStart = alerts.stream()
        .filter(alert -> !CommonModeRule.holds(commonModeDays, alertCountries.get(alert.customerId()))).toList();
    List<AlertDispatcher.Dispatch> dispatched = dispatcher.startCheckins(toStart, origin);
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < toStart.size(); i++) {
      dispatcher.escalateIfChurnRisk(toStart.get(i));
      signals.addAll(signals(toStart.get(i), dispatched.get(i)));
    }
    return new Result(asOf, evaluated, skipped, null, rolled.rolledUp(), signals, commonModeDays);
  }

  /** Operators hear of a common-mode day at most once (keyed); a delivery that fails does not fail the run. */
  private void tellOperators(List<CommonModeDay> days) {
    try {
      notice.tell(days, null);
    } catch (RuntimeException e) {
      LOG.warn("Could not tell operators about the common-mode day of {}: {}", days.get(0).day(), e.getMessage());
    }
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
