package io.vigil.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DropSignificanceTest {
  @Test
  void givenCounts_theChanceIsThePoissonLowerTail() {
    // P(X <= 2 | 5) = e^-5 (1 + 5 + 12.5) = 0.12465
    assertThat(DropSignificance.chance(2, 5)).isCloseTo(0.12465, within(1e-5));
    // P(X <= 0 | 3) = e^-3
    assertThat(DropSignificance.chance(0, 3)).isCloseTo(Math.exp(-3), within(1e-12));
    assertThat(DropSignificance.chance(7, 0)).isEqualTo(1.0);
  }

  @Test
  void givenTheSamePercentDrop_onlyTheLargerCountsAreUnlikelyByChance() {
    assertThat(DropSignificance.unlikelyByChance(6, 10)).isFalse();
    assertThat(DropSignificance.unlikelyByChance(60, 100)).isTrue();
  }

  @Test
  void givenCountsThatChanceExplains_theWordsSaySoToo() {
    assertThat(DropSignificance.inWords("feature_usage", "exports", 6.0, 10.0))
        .contains("6 uses of exports this week against a usual 10: a drop this large happens by chance about 1 time in 8");
    assertThat(DropSignificance.inWords("dau", null, null, 10.0)).isEmpty();
  }
}
