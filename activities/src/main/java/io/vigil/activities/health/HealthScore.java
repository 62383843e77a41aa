package io.vigil.activities.health;

import java.util.List;
import java.util.Map;

/**
 * A customer's health as the model computed it: the score (null when no component had data) and
 * band, each component (keyed by its label) with its inputs, the components left out, and the
 * sentence naming the input that moved the score most. Stored as the day's row; served by the API.
 */
public record HealthScore(Integer score, HealthBand band, Map<String, Component> components, List<String> missing,
    String mostImpactful) {

  /**
   * {@code score} null: missing, for {@code missingReason}. {@code weight}: the share of the score it
   * got after re-weighting (0 when missing); {@code configuredWeight}: the configured weight.
   */
  public record Component(Double score, double weight, double configuredWeight, List<Input> inputs, String missingReason) {}

  /**
   * {@code subScore}: a comparison's 0-100 score; {@code points}: an adjustment's points on the
   * component; {@code effect}: the points the input moved the whole score from {@value HealthModel#PAR}
   * (null when the input, or its component, is missing).
   */
  public record Input(String name, String label, Double value, Double baseline, Double subScore, Double points,
      Double effect, String missingReason) {}
}
