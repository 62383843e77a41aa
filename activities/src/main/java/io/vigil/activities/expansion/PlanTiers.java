package io.vigil.activities.expansion;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The plans customers buy, cheapest first ({@code VIGIL_PLAN_TIERS}: starter, growth, enterprise by
 * default). A catalog feature may belong to one of them; a customer whose free-text plan names an
 * earlier tier uses that feature above its plan. Names compare without case and surrounding spaces;
 * a plan that is not a tier (a customer's "legacy-2019") has no rank and is never above or below anything.
 */
@Singleton
public class PlanTiers {
  public static final String DEFAULT_TIERS = "starter,growth,enterprise";

  private final List<String> tiers;

  @Inject
  public PlanTiers(@Value("${vigil.plan.tiers:" + DEFAULT_TIERS + "}") String tiers) {
    this(Arrays.asList(tiers.split(",", -1)));
  }

  public PlanTiers(List<String> tiers) {
    List<String> names = new ArrayList<>();
    for (String tier : tiers) {
      String name = normal(tier);
      if (name.isEmpty() || names.contains(name)) {
        throw new IllegalArgumentException("vigil.plan.tiers must name each plan once, cheapest first, such as "
            + DEFAULT_TIERS + ", not " + String.join(",", tiers));
      }
      names.add(name);
    }
    this.tiers = List.copyOf(names);
  }

  /** The tiers, cheapest first, as configured (lower case). */
  public List<String> tiers() {
    return tiers;
  }

  /** The tier {@code plan} names, as configured; empty when it names none. */
  public Optional<String> tier(String plan) {
    return plan == null ? Optional.empty() : Optional.of(normal(plan)).filter(tiers::contains);
  }

  /** The rank of the tier {@code plan} names (0: the cheapest); empty when it names none. */
  public OptionalInt rank(String plan) {
    return tier(plan).map(t -> OptionalInt.of(tiers.indexOf(t))).orElse(OptionalInt.empty());
  }

  /** Whether {@code customerPlan} is a tier below {@code featurePlan}'s; false when either names none. */
  public boolean isBelow(String customerPlan, String featurePlan) {
    OptionalInt customer = rank(customerPlan);
    OptionalInt feature = rank(featurePlan);
    return customer.isPresent() && feature.isPresent() && customer.getAsInt() < feature.getAsInt();
  }

  private static String normal(String plan) {
    return plan.strip().toLowerCase(Locale.ROOT);
  }
}
