package io.vigil.activities.health;

import static io.vigil.infra.persistence.HealthComponent.ENGAGEMENT;
import static io.vigil.infra.persistence.HealthComponent.GROWTH;
import static io.vigil.infra.persistence.HealthComponent.SENTIMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.infra.persistence.HealthComponent;
import io.vigil.infra.persistence.HealthInput;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The formula on hand-computed cases (docs/health.md works the first ones through). */
class HealthModelTest {
  private static final Set<HealthComponent> ALL = EnumSet.allOf(HealthComponent.class);
  private static final Set<HealthComponent> ENGAGEMENT_AND_GROWTH = EnumSet.of(ENGAGEMENT, GROWTH);
  private final HealthModel model = new HealthModel(HealthWeights.DEFAULT);

  private static HealthInput ratio(String name, double value, double baseline) {
    return HealthInput.compared(name, name, value, baseline);
  }

  private static HealthInput points(String name, double points) {
    return HealthInput.adjustment(name, name, 1, points);
  }

  /** name, components fed, inputs, expected score (null: none), expected band, expected missing. */
  static Stream<Arguments> cases() {
    return Stream.of(
        // engagement (85 + 42.5) / 2 = 63.75, sentiment 102 -> 100, growth 85: 0.4*63.75 + 0.3*100 + 0.3*85 = 81
        Arguments.of("every component present", ALL, Map.of(
            ENGAGEMENT, List.of(ratio("a", 100, 100), ratio("b", 50, 100)),
            SENTIMENT, List.of(ratio("nps", 120, 100)),
            GROWTH, List.of(ratio("g", 1, 1))), 81, HealthBand.GREEN, List.of()),
        // sentiment has no source: 63.75 * 40/70 + 85 * 30/70 = 72.857 -> 73
        Arguments.of("sentiment missing, the others re-weighted", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(ratio("a", 100, 100), ratio("b", 50, 100)),
            GROWTH, List.of(ratio("g", 1, 1))), 73, HealthBand.YELLOW, List.of("sentiment")),
        // growth's inputs all missing: engagement alone, 63.75 -> 64
        Arguments.of("growth without data is missing too", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(ratio("a", 100, 100), ratio("b", 50, 100)),
            GROWTH, List.of(HealthInput.missing("seats90d", "seats", "no seats recorded 90 days ago"))),
            64, HealthBand.YELLOW, List.of("sentiment", "growth")),
        Arguments.of("no component with data: no score", ENGAGEMENT_AND_GROWTH, Map.of(), null, null,
            List.of("engagement", "sentiment", "growth")),
        // an adjustment alone makes no component: the drop cannot be weighed without usage
        Arguments.of("an adjustment without a comparison is no component", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(points("recentUsageDrop", -37.5)),
            GROWTH, List.of(ratio("g", 1, 1))), 85, HealthBand.GREEN, List.of("engagement", "sentiment")),
        // engagement 85 - 37.5 = 47.5: 47.5 * 4/7 + 85 * 3/7 = 63.571 -> 64
        Arguments.of("a critical usage drop lowers engagement", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(ratio("a", 100, 100), points("recentUsageDrop", -37.5)),
            GROWTH, List.of(ratio("g", 1, 1))), 64, HealthBand.YELLOW, List.of("sentiment")),
        // engagement 0 - 37.5 clamps at 0: 0 * 4/7 + 85 * 3/7 = 36.43 -> 36
        Arguments.of("a component is clamped at 0", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(ratio("a", 0, 100), points("recentUsageDrop", -37.5)),
            GROWTH, List.of(ratio("g", 1, 1))), 36, HealthBand.RED, List.of("sentiment")),
        // 85 * 120 / 100 = 102 clamps at 100, + 12.5 recovery stays 100
        Arguments.of("a component is clamped at 100", ENGAGEMENT_AND_GROWTH, Map.of(
            ENGAGEMENT, List.of(ratio("a", 120, 100), points("adoptionRecovered", 12.5))), 100, HealthBand.GREEN,
            List.of("sentiment", "growth")),
        // the band boundaries, on a single comparison scoring exactly value (85 * v / 85)
        Arguments.of("80 is green", ENGAGEMENT_AND_GROWTH, single(80), 80, HealthBand.GREEN, List.of("engagement", "sentiment")),
        Arguments.of("79.5 rounds up to green", ENGAGEMENT_AND_GROWTH, single(79.5), 80, HealthBand.GREEN, List.of("engagement", "sentiment")),
        Arguments.of("79 is yellow", ENGAGEMENT_AND_GROWTH, single(79), 79, HealthBand.YELLOW, List.of("engagement", "sentiment")),
        Arguments.of("79.49 rounds down to yellow", ENGAGEMENT_AND_GROWTH, single(79.49), 79, HealthBand.YELLOW, List.of("engagement", "sentiment")),
        Arguments.of("50 is yellow", ENGAGEMENT_AND_GROWTH, single(50), 50, HealthBand.YELLOW, List.of("engagement", "sentiment")),
        Arguments.of("49.5 rounds up to yellow", ENGAGEMENT_AND_GROWTH, single(49.5), 50, HealthBand.YELLOW, List.of("engagement", "sentiment")),
        Arguments.of("49 is red", ENGAGEMENT_AND_GROWTH, single(49), 49, HealthBand.RED, List.of("engagement", "sentiment")),
        Arguments.of("0 is red", ENGAGEMENT_AND_GROWTH, single(0), 0, HealthBand.RED, List.of("engagement", "sentiment")));
  }

  private static Map<HealthComponent, List<HealthInput>> single(double value) {
    return Map.of(GROWTH, List.of(ratio("g", value, 85)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void givenHandComputedInputs_theScoreBandAndMissingComponentsAreAsComputed(String name, Set<HealthComponent> fed,
      Map<HealthComponent, List<HealthInput>> inputs, Integer score, HealthBand band, List<String> missing) {
    HealthScore result = model.score(inputs, fed);

    assertThat(result.score()).isEqualTo(score);
    assertThat(result.band()).isEqualTo(band);
    assertThat(result.missing()).containsExactlyElementsOf(missing);
    missing.forEach(c -> {
      assertThat(result.components().get(c).score()).isNull();
      assertThat(result.components().get(c).weight()).isZero();
      assertThat(result.components().get(c).missingReason()).isNotBlank();
    });
  }

  @Test
  void givenSentimentWithoutAFeedingSource_itIsMissingBecauseNothingFeedsIt() {
    HealthScore result = model.score(Map.of(SENTIMENT, List.of(ratio("nps", 1, 1)), GROWTH, List.of(ratio("g", 1, 1))),
        ENGAGEMENT_AND_GROWTH);

    assertThat(result.missing()).containsExactly("engagement", "sentiment");
    assertThat(result.components().get("sentiment").missingReason()).contains("no NPS answer");
  }

  @Test
  void givenThreeComponents_theWeightsAreTheConfiguredSharesAndTheEffectsAddUpToTheScoreLess85() {
    HealthScore result = model.score(Map.of(
        ENGAGEMENT, List.of(ratio("activeUsers", 100, 100), ratio("loginFrequency", 50, 100)),
        SENTIMENT, List.of(ratio("nps", 90, 100)),
        GROWTH, List.of(ratio("arr90d", 110, 100))), ALL);

    assertThat(result.components().get("engagement").weight()).isEqualTo(0.4);
    assertThat(result.components().get("sentiment").weight()).isEqualTo(0.3);
    // 0.4 * 63.75 + 0.3 * 76.5 + 0.3 * 93.5 = 25.5 + 22.95 + 28.05 = 76.5 -> 77
    assertThat(result.score()).isEqualTo(77);
    double effects = result.components().values().stream().flatMap(c -> c.inputs().stream())
        .mapToDouble(HealthScore.Input::effect).sum();
    assertThat(HealthModel.PAR + effects).isCloseTo(76.5, org.assertj.core.data.Offset.offset(0.02));
    // loginFrequency: (42.5 - 85) / 2 * 0.4 = -8.5
    assertThat(result.mostImpactful()).isEqualTo("loginFrequency (50 against 100) lowered the score by 9 points.");
  }

  @Test
  void givenOnlyOneComponent_itCarriesTheWholeWeight() {
    HealthScore result = model.score(Map.of(GROWTH, List.of(ratio("g", 1, 1))), ENGAGEMENT_AND_GROWTH);

    assertThat(result.components().get("growth").weight()).isEqualTo(1.0);
    assertThat(result.components().get("growth").configuredWeight()).isEqualTo(30.0);
    assertThat(result.mostImpactful()).startsWith("No input moved the score");
  }

  @Test
  void givenAUsageDrop_theSentenceNamesItAndItsEffectOnTheScore() {
    HealthScore result = model.score(Map.of(
        ENGAGEMENT, List.of(ratio("activeUsers", 100, 100),
            HealthInput.adjustment("recentUsageDrop", "The worst usage drop of the last 30 days (critical)", 1, -37.5)),
        GROWTH, List.of(ratio("g", 1, 1))), ENGAGEMENT_AND_GROWTH);

    // -37.5 * 4/7 = -21.43
    assertThat(result.components().get("engagement").inputs().get(1).effect()).isEqualTo(-21.43);
    assertThat(result.mostImpactful()).isEqualTo(
        "The worst usage drop of the last 30 days (critical) lowered the score by 21 points.");
  }

  @Test
  void givenAZeroWeight_itsComponentIsLeftOutAndSaysWhy() {
    HealthScore result = new HealthModel(new HealthWeights(40, 0, 60)).score(Map.of(
        ENGAGEMENT, List.of(ratio("a", 100, 100)), SENTIMENT, List.of(ratio("nps", 1, 2)),
        GROWTH, List.of(ratio("g", 50, 100))), ALL);

    // 85 * 0.4 + 42.5 * 0.6 = 34 + 25.5 = 59.5 -> 60
    assertThat(result.score()).isEqualTo(60);
    assertThat(result.missing()).containsExactly("sentiment");
    assertThat(result.components().get("sentiment").missingReason()).contains("weight 0");
  }

  @Test
  void givenWeightsOutOfRangeOrAllZero_theyAreRefused() {
    assertThatThrownBy(() -> new HealthWeights(-1, 30, 30)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HealthWeights(0, 0, 0)).hasMessageContaining("all 0");
  }

  /** docs/health.md, "A worked example": keep the two in step. */
  @Test
  void theWorkedExampleOfTheDocsComesOutAsWritten() {
    HealthScore result = model.score(Map.of(
        ENGAGEMENT, List.of(ratio("activeUsers", 48, 60), ratio("loginFrequency", 3, 4), ratio("activeUsersPerSeat", 0.7, 0.7),
            ratio("featureBreadth", 3, 4), HealthInput.adjustment("recentUsageDrop",
                "The worst usage drop of the last 30 days (high; 1 drop, the latest on 2026-11-18)", 1, -25)),
        GROWTH, List.of(ratio("seats90d", 80, 70), ratio("arr90d", 150_000, 150_000), ratio("usage90d", 30, 36))), ENGAGEMENT_AND_GROWTH);

    assertThat(result.components().get("engagement").score()).isEqualTo(45.13);
    assertThat(result.components().get("growth").score()).isEqualTo(84.33);
    assertThat(result.components().get("engagement").weight()).isEqualTo(0.5714);
    assertThat(result.score()).isEqualTo(62);
    assertThat(result.band()).isEqualTo(HealthBand.YELLOW);
    assertThat(result.components().get("engagement").inputs()).extracting(HealthScore.Input::effect)
        .containsExactly(-2.43, -3.04, 0.0, -3.04, -14.29);
    assertThat(result.components().get("growth").inputs()).extracting(HealthScore.Input::effect)
        .containsExactly(1.73, 0.0, -2.02);
    assertThat(result.mostImpactful()).isEqualTo("The worst usage drop of the last 30 days (high; 1 drop, the latest on "
        + "2026-11-18) lowered the score by 14 points.");
  }
}
