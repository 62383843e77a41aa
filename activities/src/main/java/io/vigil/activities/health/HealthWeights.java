package io.vigil.activities.health;

import io.vigil.infra.persistence.HealthComponent;
import java.util.EnumMap;
import java.util.Map;

/**
 * The weight of each component ({@code vigil.health.weights.engagement|sentiment|growth}, default
 * 40/30/30). Only their ratios matter: the components present for a customer share the whole score
 * in proportion to their weights. A weight of 0 leaves its component out.
 */
public record HealthWeights(double engagement, double sentiment, double growth) {
  public static final HealthWeights DEFAULT = new HealthWeights(40, 30, 30);

  public HealthWeights {
    for (double w : new double[] {engagement, sentiment, growth}) {
      if (!(w >= 0 && w <= 100)) {
        throw new IllegalArgumentException("vigil.health.weights.* must each be between 0 and 100, got "
            + engagement + "/" + sentiment + "/" + growth);
      }
    }
    if (engagement + sentiment + growth == 0) {
      throw new IllegalArgumentException("vigil.health.weights.* are all 0: no component would count");
    }
  }

  public double of(HealthComponent component) {
    return switch (component) {
      case ENGAGEMENT -> engagement;
      case SENTIMENT -> sentiment;
      case GROWTH -> growth;
    };
  }

  public Map<HealthComponent, Double> asMap() {
    Map<HealthComponent, Double> map = new EnumMap<>(HealthComponent.class);
    for (HealthComponent c : HealthComponent.values()) {
      map.put(c, of(c));
    }
    return map;
  }
}
