package io.vigil.activities.health;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

@Factory
class HealthWeightsFactory {
  @Singleton
  HealthWeights healthWeights(@Value("${vigil.health.weights.engagement:40}") double engagement,
      @Value("${vigil.health.weights.sentiment:30}") double sentiment,
      @Value("${vigil.health.weights.growth:30}") double growth) {
    return new HealthWeights(engagement, sentiment, growth);
  }
}
