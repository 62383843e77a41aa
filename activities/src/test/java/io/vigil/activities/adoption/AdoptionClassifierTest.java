package io.vigil.activities.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.StallRow;
import io.vigil.infra.persistence.AdoptionRules;
import io.vigil.workflows.common.ApprovalPolicy;
import io.vigil.workflows.common.Severity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Severity and ranking of adoption alerts (FR-2.3): feature importance and ARR. */
class AdoptionClassifierTest {
  private static final LocalDate D = LocalDate.of(2026, 11, 18);
  private final AdoptionClassifier classifier = new AdoptionClassifier(ApprovalPolicy.DEFAULT, AdoptionRules.DEFAULT);

  @Test
  void aHighImportanceFeatureAtALargeAccountIsCritical() {
    assertThat(AdoptionClassifier.severity(85, new BigDecimal("300000"))).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aHighImportanceFeatureAtASmallAccountOrAMediumOneAtALargeAccountIsHigh() {
    assertThat(AdoptionClassifier.severity(85, new BigDecimal("20000"))).isEqualTo(Severity.HIGH);
    assertThat(AdoptionClassifier.severity(55, new BigDecimal("250000"))).isEqualTo(Severity.HIGH);
  }

  @Test
  void aLowImportanceFeatureIsMediumWhateverTheArr() {
    assertThat(AdoptionClassifier.severity(40, new BigDecimal("5000000"))).isEqualTo(Severity.MEDIUM);
    assertThat(AdoptionClassifier.severity(60, new BigDecimal("100000"))).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void alertsAreRankedByImportanceWeightedArrAndHeldBackCustomersComeLast() {
    List<AdoptionClassifier.CustomerFindings> ranked = classifier.classify(D, List.of(
        stall("small-critical-feature", 95, 40_000, false),
        stall("held-back", 95, 900_000, true),
        stall("large-minor-feature", 30, 500_000, false),
        stall("mid", 60, 100_000, false)));

    assertThat(ranked).extracting(AdoptionClassifier.CustomerFindings::customerId)
        .containsExactly("large-minor-feature", "mid", "small-critical-feature", "held-back");
    assertThat(ranked.get(0).alert().priority()).isEqualTo(150_000);
    assertThat(ranked.get(2).alert().severity()).isEqualTo(Severity.HIGH);
    assertThat(ranked.get(3).alert()).isNull();
  }

  private static StallRow stall(String customer, int importance, long arr, boolean alertedYesterday) {
    return new StallRow(customer, customer, "csm", "enterprise", BigDecimal.valueOf(arr), "id-" + customer, "f", "F",
        importance, 30, 5, "started", D.minusDays(10), 20, "low_usage", D.minusDays(6),
        alertedYesterday ? D.minusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC) : null, null, null);
  }
}
