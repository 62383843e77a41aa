package io.vigil.workflows.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What became of a detection, as stored in {@code trigger_events.outcome} and carried in recorded
 * histories: it serializes by its {@link #label()}.
 */
public enum TriggerOutcome {
  /** The detection started its playbook. */
  FIRED("trigger_fired"),
  /** The customer's playbook was already running (or cooling down): recorded, nothing else. */
  SUPPRESSED("detection_suppressed");

  private final String logAction;

  TriggerOutcome(String logAction) {
    this.logAction = logAction;
  }

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static TriggerOutcome fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  /** The customer's activity-log action that records it. */
  public String logAction() {
    return logAction;
  }

  @Override
  public String toString() {
    return label();
  }
}
