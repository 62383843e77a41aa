package io.vigil.workflows.common;

import java.time.Duration;

/** Alert severity by the size of a drop (PRD-086 FR-2.2) and what each level implies. */
public enum Severity {
  MEDIUM(Duration.ofHours(24), 5),
  HIGH(Duration.ofHours(4), 10),
  CRITICAL(Duration.ofHours(1), 15);

  private final Duration taskDueIn;
  private final int healthPenalty;

  Severity(Duration taskDueIn, int healthPenalty) {
    this.taskDueIn = taskDueIn;
    this.healthPenalty = healthPenalty;
  }

  /** > 70% critical, > 50% high, anything above the trigger's threshold medium. */
  public static Severity ofPercentDrop(double percentDrop) {
    if (percentDrop > 70) return CRITICAL;
    if (percentDrop > 50) return HIGH;
    return MEDIUM;
  }

  public Duration taskDueIn() {
    return taskDueIn;
  }

  public int healthPenalty() {
    return healthPenalty;
  }

  public String label() {
    return name().toLowerCase();
  }

  public static Severity fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }
}
