package io.vigil.activities.detection;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The detector over a small labeled portfolio (120 customers, 9 weeks of evaluation including
 * Thanksgiving), in the normal build: fails when recall, false alerts or delay get worse than
 * recorded. {@code bench/detection-quality.sh} runs the larger portfolio.
 */
class DetectionQualityTest {
  @Test
  void givenASmallLabeledPortfolio_theDetectorDoesNoWorseThanRecorded() {
    DetectionQualityCheck.measureAndCheck("small",
        new SyntheticPortfolio(20261126L, 120, LocalDate.of(2026, 10, 12), LocalDate.of(2026, 12, 11)));
  }
}
