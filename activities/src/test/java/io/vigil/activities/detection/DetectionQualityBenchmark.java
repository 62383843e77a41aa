package io.vigil.activities.detection;

import java.time.LocalDate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The detector over the large labeled portfolio: {@code vigil.bench.customers} customers (500)
 * judged every day from June to mid-December. Run by {@code bench/detection-quality.sh}; the
 * figures are recorded in docs/detection.md and may only get better.
 */
@Tag("bench")
class DetectionQualityBenchmark {
  private static final int CUSTOMERS = Integer.getInteger("vigil.bench.customers", 500);

  @Test
  void theLargeLabeledPortfolio() {
    DetectionQualityCheck.measureAndCheck(CUSTOMERS == 500 ? "large" : "custom",
        new SyntheticPortfolio(20261126L, CUSTOMERS, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 12, 11)));
  }
}
