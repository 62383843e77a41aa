package io.vigil.workflows.risk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What started (or was suppressed by) an escalation, serialized by its label. */
public enum EscalationCause {
  /** The day's score is red. */
  RED_SCORE,
  /** The day's score is yellow and its four-week trend declining. */
  YELLOW_DECLINING,
  /** A usage drop of more than 50% (a high or critical usage-drop alert). */
  USAGE_DROP,
  /** A {@code downgrade_request} customer event. */
  DOWNGRADE_REQUEST,
  /** A {@code cancellation_request} customer event. */
  CANCELLATION_REQUEST;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static EscalationCause fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
