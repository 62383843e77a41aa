package io.vigil.activities.risk;

import io.vigil.infra.persistence.EscalationFacts.ChurnCause;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.risk.EscalationCause;
import io.vigil.workflows.risk.EscalationKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Which escalation a customer's day calls for (docs/health.md, "Playbooks on health"), so that one
 * cause never pages twice:
 *
 * <ul>
 *   <li>a band that calls for escalation (red, or yellow and declining) with a churn cause in the
 *       {@link #CHURN_CAUSE_WINDOW} (a cancellation or downgrade request, a usage drop over 50%) is a
 *       <b>churn risk</b>: that cause already started (or will start) the churn-risk escalation by
 *       itself, and this day is one more trigger of it;
 *   <li>the same band without a churn cause is an <b>at risk</b> escalation;
 *   <li>anything else (green, yellow and not declining, unscored) calls for none.
 * </ul>
 */
public final class EscalationRule {
  /** A churn cause this recent makes a bad band a churn risk rather than an at-risk escalation. */
  public static final Duration CHURN_CAUSE_WINDOW = Duration.ofDays(30);

  private EscalationRule() {}

  /** The first day of the window ending on {@code asOf} (included) in which a churn cause counts. */
  public static LocalDate churnCauseWindowStart(LocalDate asOf) {
    return asOf.minusDays(CHURN_CAUSE_WINDOW.toDays() - 1);
  }

  public record Verdict(EscalationKind kind, EscalationCause cause, Severity severity, String summary) {}

  public static Optional<Verdict> decide(Integer score, String band, String trend, ChurnCause churnCause) {
    boolean red = "red".equals(band);
    boolean yellowDeclining = "yellow".equals(band) && "declining".equals(trend);
    if (score == null || !(red || yellowDeclining)) {
      return Optional.empty();
    }
    String health = "health " + score + " (" + band + (trend == null ? "" : ", " + trend) + ")";
    if (churnCause != null) {
      EscalationCause cause = causeOf(churnCause.cause());
      return Optional.of(new Verdict(EscalationKind.CHURN_RISK, cause, severityOf(cause),
          health + " with " + churnCause.cause().replace('_', ' ') + " on " + churnCause.at().toString().substring(0, 10)));
    }
    return Optional.of(red
        ? new Verdict(EscalationKind.AT_RISK, EscalationCause.RED_SCORE, Severity.HIGH, health)
        : new Verdict(EscalationKind.AT_RISK, EscalationCause.YELLOW_DECLINING, Severity.MEDIUM, health));
  }

  /** The churn-risk cause of a customer event type; empty for the types that start nothing. */
  public static Optional<EscalationCause> ofEvent(String type) {
    return switch (type) {
      case "cancellation_request" -> Optional.of(EscalationCause.CANCELLATION_REQUEST);
      case "downgrade_request" -> Optional.of(EscalationCause.DOWNGRADE_REQUEST);
      default -> Optional.empty();
    };
  }

  /** A cancellation request is critical; a downgrade request or a drop over 50% high. */
  public static Severity severityOf(EscalationCause cause) {
    return cause == EscalationCause.CANCELLATION_REQUEST ? Severity.CRITICAL : Severity.HIGH;
  }

  /** Whether a usage-drop alert of {@code severity} is a drop over 50% (Severity.ofPercentDrop). */
  public static boolean isChurnRiskDrop(Severity severity) {
    return severity == Severity.HIGH || severity == Severity.CRITICAL;
  }

  private static EscalationCause causeOf(String churnCause) {
    return switch (churnCause) {
      case "cancellation_request" -> EscalationCause.CANCELLATION_REQUEST;
      case "downgrade_request" -> EscalationCause.DOWNGRADE_REQUEST;
      default -> EscalationCause.USAGE_DROP;
    };
  }
}
