package io.vigil.activities.adoption;

import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.infra.persistence.StallRow;
import io.vigil.workflows.adoption.AdoptionAlert;
import io.vigil.workflows.adoption.StalledFeature;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the day's stalled features into alerts: a feature alerted, or intervened on, within the
 * last 30 days is held back (FR-2.4); one customer's remaining stalled features make one alert
 * (FR-2.5), most important first; alerts are ranked by importance-weighted ARR (FR-2.3).
 */
public final class AdoptionClassifier {
  static final Duration COOLDOWN = Duration.ofDays(30);
  static final int HIGH_IMPORTANCE = 80;
  static final int MEDIUM_IMPORTANCE = 50;
  static final BigDecimal LARGE_ACCOUNT_ARR = new BigDecimal("250000");

  private final ApprovalPolicy approvalPolicy;
  private final AdoptionRules rules;

  public AdoptionClassifier(ApprovalPolicy approvalPolicy, AdoptionRules rules) {
    this.approvalPolicy = approvalPolicy;
    this.rules = rules;
  }

  /** One stalled feature and whether it may alert today. */
  public record Finding(StallRow stall, boolean suppressed, String reason) {}

  /** A customer's findings, and the alert they make when any feature may alert. */
  public record CustomerFindings(String customerId, List<Finding> findings, AdoptionAlert alert) {}

  /** Every customer with a stalled feature, those with an alert first in rank order, then the held-back ones. */
  public List<CustomerFindings> classify(LocalDate asOf, List<StallRow> stalls) {
    Instant cutoff = asOf.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minus(COOLDOWN);
    Map<String, List<Finding>> byCustomer = new LinkedHashMap<>();
    for (StallRow stall : stalls) {
      byCustomer.computeIfAbsent(stall.customerId(), k -> new ArrayList<>()).add(judge(stall, cutoff));
    }
    List<CustomerFindings> result = new ArrayList<>();
    for (var entry : byCustomer.entrySet()) {
      List<StallRow> alerting = entry.getValue().stream().filter(f -> !f.suppressed()).map(Finding::stall).toList();
      result.add(new CustomerFindings(entry.getKey(), entry.getValue(), alerting.isEmpty() ? null : alert(asOf, alerting)));
    }
    result.sort(Comparator.comparing((CustomerFindings c) -> c.alert() == null)
        .thenComparing(c -> c.alert() == null ? 0 : -c.alert().priority())
        .thenComparing(CustomerFindings::customerId));
    return result;
  }

  private Finding judge(StallRow stall, Instant cutoff) {
    if (stall.interventionSentAt() != null && stall.interventionSentAt().isAfter(cutoff)) {
      return new Finding(stall, true, "an intervention (" + stall.interventionType() + ") went out on "
          + day(stall.interventionSentAt()) + "; stalls wait 30 days after an intervention");
    }
    if (stall.lastAlertedAt() != null && stall.lastAlertedAt().isAfter(cutoff)) {
      return new Finding(stall, true, "already alerted on " + day(stall.lastAlertedAt())
          + "; no second alert for this feature within 30 days");
    }
    return new Finding(stall, false, stall.featureName() + " stalled: " + explain(stall, rules));
  }

  private AdoptionAlert alert(LocalDate asOf, List<StallRow> stalls) {
    StallRow any = stalls.get(0);
    int maxImportance = stalls.stream().mapToInt(StallRow::importanceScore).max().orElse(0);
    List<StalledFeature> features = stalls.stream().map(s -> new StalledFeature(s.adoptionId(), s.featureId(),
        s.featureName(), s.importanceScore(), s.stage(), s.usageScore(), s.expectedAdoptionDays(), s.daysSinceActivation(),
        s.stageSince() == null ? 0 : (int) (asOf.toEpochDay() - s.stageSince().toEpochDay()), s.stallReason())).toList();
    return new AdoptionAlert(any.customerId(), any.customerName(), any.csmId(), asOf, severity(maxImportance, any.arr()),
        priority(maxImportance, any.arr()), features, approvalPolicy);
  }

  /**
   * Critical: a high-importance feature (80+) stalled at a large account (ARR $250k+); high: a
   * high-importance feature anywhere, or a medium-importance one (50+) at a large account; else medium.
   */
  static Severity severity(int maxImportance, BigDecimal arr) {
    boolean large = arr != null && arr.compareTo(LARGE_ACCOUNT_ARR) >= 0;
    if (maxImportance >= HIGH_IMPORTANCE && large) {
      return Severity.CRITICAL;
    }
    if (maxImportance >= HIGH_IMPORTANCE || (large && maxImportance >= MEDIUM_IMPORTANCE)) {
      return Severity.HIGH;
    }
    return Severity.MEDIUM;
  }

  /** The ARR at stake weighted by the most important stalled feature: ranks alerts across customers. */
  static long priority(int maxImportance, BigDecimal arr) {
    return arr == null ? 0 : arr.multiply(BigDecimal.valueOf(maxImportance)).divide(BigDecimal.valueOf(100)).longValue();
  }

  static String explain(StallRow stall, AdoptionRules rules) {
    String day = stall.daysSinceActivation() == null ? "" : " on day " + stall.daysSinceActivation();
    return "low_usage".equals(stall.stallReason())
        ? "score " + stall.usageScore() + "/100, under " + rules.lowUsageScore() + " for " + rules.lowUsageAfterDays()
            + " days since activation" + day
        : "score " + stall.usageScore() + "/100" + day + ", past its " + stall.expectedAdoptionDays()
            + "-day adoption timeline and under " + rules.behindTimelineScore();
  }

  private static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
