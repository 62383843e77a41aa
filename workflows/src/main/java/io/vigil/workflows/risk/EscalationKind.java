package io.vigil.workflows.risk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The two escalations on health (docs/health.md, "Playbooks on health"), serialized by their stored
 * label: the risk signal type each records ({@code risk_signals.type}).
 */
public enum EscalationKind {
  /** The health-band path: red, or yellow and declining, with no churn cause. Escalates to the manager. */
  AT_RISK("at-risk/", "At-risk escalation"),
  /** A churn cause: a cancellation or downgrade request, or a usage drop over 50%. Alerts the CSM and the manager. */
  CHURN_RISK("churn-risk/", "Churn-risk escalation");

  private final String idPrefix;
  private final String title;

  EscalationKind(String idPrefix, String title) {
    this.idPrefix = idPrefix;
    this.title = title;
  }

  /** {@code at-risk/} or {@code churn-risk/}: the workflow id is this and the customer id. */
  public String idPrefix() {
    return idPrefix;
  }

  public String title() {
    return title;
  }

  /** The risk signal type and the stored label: {@code at_risk}, {@code churn_risk}. */
  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static EscalationKind fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
