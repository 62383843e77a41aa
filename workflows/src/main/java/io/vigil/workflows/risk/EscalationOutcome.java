package io.vigil.workflows.risk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an escalated customer stands when the outcome is measured, serialized by its label. */
public enum EscalationOutcome {
  /** Green, or yellow and not declining. */
  RECOVERED,
  /** Red, yellow and declining, or not scored. */
  STILL_AT_RISK,
  /** A {@code churned} event was recorded since the escalation. */
  CHURNED;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static EscalationOutcome fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
