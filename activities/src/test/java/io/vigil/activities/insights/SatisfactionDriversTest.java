package io.vigil.activities.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.SatisfactionCorrelations.Correlations;
import io.vigil.infra.persistence.SatisfactionCorrelations.FeatureCorrelation;
import io.vigil.infra.persistence.SatisfactionCorrelations.Filter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which coefficients are shown, why the others are not, and in which order (docs/insights.md, "Satisfaction drivers"). */
class SatisfactionDriversTest {
  private static final Filter CSAT = new Filter("csat", Instant.parse("2024-03-01T00:00:00Z"),
      Instant.parse("2024-04-01T00:00:00Z"), LocalDate.of(2024, 3, 1), LocalDate.of(2024, 4, 1), null, null);

  @Test
  void givenTenCustomers_theCoefficientsAreShown_strongestFirst_withTheirDirection() {
    var report = SatisfactionDrivers.report(CSAT, new Correlations(10, List.of(
        feature("alerts", 10, -0.3, false, false),
        feature("reports", 10, 0.94759, false, false),
        feature("api", 10, 0.0, false, false))));

    assertThat(report.drivers()).extracting(SatisfactionDrivers.Driver::featureId)
        .containsExactly("reports", "alerts", "api");
    var reports = report.drivers().get(0);
    assertThat(reports.coefficient()).isEqualByComparingTo("0.948");
    assertThat(reports.direction()).isEqualTo("higher");
    assertThat(reports.reason()).isNull();
    assertThat(reports.summary()).isEqualTo(
        "Customers who used Reports on more of their active days gave higher CSAT (Spearman 0.948 over 10 customers).");
    assertThat(report.drivers().get(1).direction()).isEqualTo("lower");
    assertThat(report.drivers().get(2).direction()).isEqualTo("none");
    // 1.96 / sqrt(9) = 0.6533...
    assertThat(report.chanceLevel()).isEqualByComparingTo("0.65");
    assertThat(report.caveat()).startsWith("Correlation, not cause").contains("between -0.65 and 0.65");
  }

  @Test
  void givenNineCustomers_noCoefficientIsShown_andTheReasonSaysWhy() {
    var report = SatisfactionDrivers.report(CSAT, new Correlations(9, List.of(feature("reports", 9, 0.99, false, false))));

    var reports = report.drivers().get(0);
    assertThat(reports.coefficient()).isNull();
    assertThat(reports.direction()).isNull();
    assertThat(reports.summary()).isNull();
    assertThat(reports.customers()).isEqualTo(9);
    assertThat(reports.reason()).startsWith("Only 9 customers had both CSAT answers and use in the range;")
        .contains("at least 10");
    assertThat(report.chanceLevel()).isNull();
    assertThat(report.caveat()).contains("Too few customers");
  }

  @Test
  void givenUseOrSatisfactionTheSameForAll_noCoefficient_andTheReasonNamesWhichOne() {
    var report = SatisfactionDrivers.report(CSAT, new Correlations(12, List.of(
        feature("everyone", 12, null, true, false),
        feature("flat", 12, null, false, true),
        feature("reports", 12, 0.5, false, false))));

    assertThat(report.drivers()).extracting(SatisfactionDrivers.Driver::featureId)
        .containsExactly("reports", "everyone", "flat");
    assertThat(report.drivers().get(1).reason()).contains("same share of their active days");
    assertThat(report.drivers().get(2).reason()).contains("same average CSAT");
  }

  @Test
  void chanceLevelShrinksWithMoreCustomers() {
    // 1.96 / sqrt(n - 1): 10 customers 0.653, 26 customers 0.392, 101 customers 0.196
    assertThat(SatisfactionDrivers.chanceLevel(10)).isEqualByComparingTo("0.65");
    assertThat(SatisfactionDrivers.chanceLevel(26)).isEqualByComparingTo("0.39");
    assertThat(SatisfactionDrivers.chanceLevel(101)).isEqualByComparingTo("0.20");
  }

  private static FeatureCorrelation feature(String id, int customers, Double coefficient, boolean useConstant,
      boolean satisfactionConstant) {
    String name = Character.toUpperCase(id.charAt(0)) + id.substring(1);
    return new FeatureCorrelation(id, name, customers, customers / 2, 0.25, coefficient, useConstant, satisfactionConstant);
  }
}
