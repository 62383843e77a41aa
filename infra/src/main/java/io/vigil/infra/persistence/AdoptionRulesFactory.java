package io.vigil.infra.persistence;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
class AdoptionRulesFactory {
  /** PRD-090's thresholds; one object, so a test or a deployment that changes one changes it everywhere. */
  @Singleton
  AdoptionRules adoptionRules() {
    return AdoptionRules.DEFAULT;
  }
}
