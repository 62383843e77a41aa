package io.vigil.activities.health;

/** Green 80-100, yellow 50-79, red 0-49. */
public enum HealthBand {
  GREEN, YELLOW, RED;

  public static HealthBand of(int score) {
    if (score >= 80) {
      return GREEN;
    }
    return score >= 50 ? YELLOW : RED;
  }

  public String label() {
    return name().toLowerCase();
  }
}
