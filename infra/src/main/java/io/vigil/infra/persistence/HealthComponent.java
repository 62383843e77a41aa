package io.vigil.infra.persistence;

/**
 * The three parts of a customer's health score (docs/health.md). Each is fed by the
 * {@link HealthInputSource}s registered for it; a part no source feeds, or whose sources have no data
 * for a customer, is left out of that customer's score and the others are re-weighted.
 */
public enum HealthComponent {
  ENGAGEMENT("engagement", "no usage rolled up for the last 35 days"),
  SENTIMENT("sentiment", "no NPS answer in the last 180 days, no CSAT answer in the last 90 and no support ticket before the last 30 days"),
  GROWTH("growth", "no seats, ARR or usage from 90 days ago to compare with");

  private final String label;
  private final String whenEmpty;

  HealthComponent(String label, String whenEmpty) {
    this.label = label;
    this.whenEmpty = whenEmpty;
  }

  public String label() {
    return label;
  }

  /** Why the component is missing when its sources gave nothing (or it has none). */
  public String whenEmpty() {
    return whenEmpty;
  }
}
