package io.vigil.workflows.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A task's priority, as stored in {@code tasks.priority} and carried in recorded histories: it serializes by its {@link #label()}. */
public enum TaskPriority {
  LOW,
  MEDIUM,
  HIGH,
  URGENT;

  /** A playbook's task for an alert of {@code severity}. */
  public static TaskPriority of(Severity severity) {
    return switch (severity) {
      case MEDIUM -> MEDIUM;
      case HIGH -> HIGH;
      case CRITICAL -> URGENT;
    };
  }

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static TaskPriority fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
