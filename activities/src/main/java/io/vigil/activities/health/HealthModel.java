package io.vigil.activities.health;

import io.vigil.infra.persistence.HealthComponent;
import io.vigil.infra.persistence.HealthInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The health score (docs/health.md, "The formula"). A comparison input scores
 * {@code clamp(85 × value / baseline, 0, 100)}: 85 at its baseline, 100 from about 18% above it. A
 * component is the mean of its comparisons plus its adjustments' points, clamped to 0-100; a
 * component without a comparison is missing. The score is the weighted mean of the components
 * present, their weights re-scaled to add up to 1, rounded half up. Each input's effect is what it
 * adds to 85, so the effects add up to the score less 85 (unless a component was clamped).
 */
public final class HealthModel {
  /** A comparison's score at its baseline, and so the score of a customer exactly as usual. */
  public static final double PAR = 85;

  private final HealthWeights weights;

  public HealthModel(HealthWeights weights) {
    this.weights = weights;
  }

  /**
   * The score from each component's inputs; {@code fed}: the components some live source feeds (the
   * others are missing for every customer, and say so).
   */
  public HealthScore score(Map<HealthComponent, List<HealthInput>> inputs, Set<HealthComponent> fed) {
    Map<HealthComponent, Double> componentScores = new EnumMap<>(HealthComponent.class);
    Map<HealthComponent, String> missingReasons = new EnumMap<>(HealthComponent.class);
    for (HealthComponent c : HealthComponent.values()) {
      List<HealthInput> list = inputs.getOrDefault(c, List.of());
      List<Double> subs = list.stream().filter(i -> !i.isMissing() && !i.isAdjustment()).map(HealthModel::subScore).toList();
      if (!fed.contains(c) || subs.isEmpty()) {
        missingReasons.put(c, c.whenEmpty());
      } else if (weights.of(c) == 0) {
        missingReasons.put(c, "weight 0 (vigil.health.weights." + c.label() + ")");
      } else {
        double points = list.stream().filter(HealthInput::isAdjustment).mapToDouble(HealthInput::points).sum();
        componentScores.put(c, clamp(subs.stream().mapToDouble(Double::doubleValue).average().orElseThrow() + points));
      }
    }
    double totalWeight = componentScores.keySet().stream().mapToDouble(weights::of).sum();
    Map<String, HealthScore.Component> components = new LinkedHashMap<>();
    List<HealthScore.Input> all = new ArrayList<>();
    double weighted = 0;
    for (HealthComponent c : HealthComponent.values()) {
      Double componentScore = componentScores.get(c);
      double share = componentScore == null ? 0 : weights.of(c) / totalWeight;
      List<HealthInput> list = inputs.getOrDefault(c, List.of());
      long compared = list.stream().filter(i -> !i.isMissing() && !i.isAdjustment()).count();
      List<HealthScore.Input> scored = new ArrayList<>();
      for (HealthInput i : list) {
        Double sub = i.isMissing() || i.isAdjustment() ? null : subScore(i);
        Double effect = componentScore == null || i.isMissing() ? null
            : i.isAdjustment() ? i.points() * share : (sub - PAR) / compared * share;
        scored.add(new HealthScore.Input(i.name(), i.label(), i.value(), i.baseline(), round2(sub), i.points(),
            round2(effect), i.missingReason()));
      }
      all.addAll(scored);
      if (componentScore != null) {
        weighted += share * componentScore;
      }
      components.put(c.label(), new HealthScore.Component(round2(componentScore), round4(share), weights.of(c), scored,
          missingReasons.get(c)));
    }
    List<String> missing = missingReasons.keySet().stream().map(HealthComponent::label).toList();
    if (componentScores.isEmpty()) {
      return new HealthScore(null, null, components, missing,
          "No score: no component had data (" + String.join("; ", missingReasons.values()) + ").");
    }
    int score = roundHalfUp(weighted);
    return new HealthScore(score, HealthBand.of(score), components, missing, mostImpactful(all));
  }

  /** A comparison's 0-100 score: 85 at its baseline. */
  static double subScore(HealthInput i) {
    return clamp(PAR * i.value() / i.baseline());
  }

  /** The sentence naming the input with the largest effect, or saying that none moved the score. */
  static String mostImpactful(List<HealthScore.Input> inputs) {
    HealthScore.Input top = inputs.stream().filter(i -> i.effect() != null)
        .max(Comparator.comparingDouble(i -> Math.abs(i.effect()))).orElse(null);
    if (top == null || Math.abs(top.effect()) < 0.5) {
      return "No input moved the score by a point or more from " + (int) PAR + ", the score of a customer exactly as usual.";
    }
    String direction = top.effect() < 0 ? "lowered" : "raised";
    long points = Math.round(Math.abs(top.effect()));
    String figures = top.baseline() == null ? "" : " (" + number(top.value()) + " against " + number(top.baseline()) + ")";
    return top.label() + figures + " " + direction + " the score by " + points + (points == 1 ? " point." : " points.");
  }

  static int roundHalfUp(double value) {
    // through a decimal cut to 9 places, so 79.4999999999 from binary arithmetic rounds as 79.5 would
    return BigDecimal.valueOf(value).setScale(9, RoundingMode.HALF_UP).setScale(0, RoundingMode.HALF_UP).intValueExact();
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(100, value));
  }

  private static Double round2(Double value) {
    return value == null ? null : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  private static double round4(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  private static String number(Double value) {
    if (value == null) {
      return "?";
    }
    BigDecimal d = BigDecimal.valueOf(value);
    return (Math.abs(value) >= 100 ? d.setScale(0, RoundingMode.HALF_UP) : d.setScale(2, RoundingMode.HALF_UP))
        .stripTrailingZeros().toPlainString();
  }
}
