package io.vigil.activities.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.infra.persistence.EscalationFacts.ChurnCause;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.risk.EscalationCause;
import io.vigil.workflows.risk.EscalationKind;
import io.vigil.workflows.risk.EscalationOutcome;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The escalation rule and the outcome rule on tables of cases (docs/health.md, "Playbooks on health"). */
class EscalationRuleTest {
  private static final Instant AT = Instant.parse("2026-11-12T15:00:00Z");

  @ParameterizedTest(name = "score {0}, {1}, {2}, churn cause {3} -> {4} {5} {6}")
  @CsvSource(nullValues = "-", value = {
      // score, band, trend, churn cause, kind, cause, severity
      "41, red, declining, -, AT_RISK, RED_SCORE, HIGH",
      "49, red, stable, -, AT_RISK, RED_SCORE, HIGH",
      "12, red, -, -, AT_RISK, RED_SCORE, HIGH",
      "62, yellow, declining, -, AT_RISK, YELLOW_DECLINING, MEDIUM",
      "79, yellow, declining, -, AT_RISK, YELLOW_DECLINING, MEDIUM",
      "62, yellow, stable, -, -, -, -",
      "62, yellow, improving, -, -, -, -",
      "62, yellow, -, -, -, -, -",
      "80, green, declining, -, -, -, -",
      "95, green, stable, cancellation_request, -, -, -",
      "62, yellow, stable, usage_drop, -, -, -",
      "-, -, -, cancellation_request, -, -, -",
      "41, red, declining, cancellation_request, CHURN_RISK, CANCELLATION_REQUEST, CRITICAL",
      "41, red, stable, downgrade_request, CHURN_RISK, DOWNGRADE_REQUEST, HIGH",
      "30, red, -, usage_drop, CHURN_RISK, USAGE_DROP, HIGH",
      "62, yellow, declining, usage_drop, CHURN_RISK, USAGE_DROP, HIGH",
      "62, yellow, declining, downgrade_request, CHURN_RISK, DOWNGRADE_REQUEST, HIGH",
  })
  void givenADayAndItsChurnCause_theRuleCallsForOneEscalationAtMost(Integer score, String band, String trend,
      String churnCause, EscalationKind kind, EscalationCause cause, Severity severity) {
    var verdict = EscalationRule.decide(score, band, trend, churnCause == null ? null : new ChurnCause("c", churnCause, AT));
    if (kind == null) {
      assertThat(verdict).isEmpty();
      return;
    }
    assertThat(verdict).hasValueSatisfying(v -> {
      assertThat(v.kind()).isEqualTo(kind);
      assertThat(v.cause()).isEqualTo(cause);
      assertThat(v.severity()).isEqualTo(severity);
      assertThat(v.summary()).startsWith("health " + score + " (" + band);
    });
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "-", value = {
      "cancellation_request, CANCELLATION_REQUEST", "downgrade_request, DOWNGRADE_REQUEST",
      "renewal, -", "churned, -", "expansion, -"})
  void onlyCancellationAndDowngradeRequestsStartAChurnRiskEscalation(String type, EscalationCause cause) {
    assertThat(EscalationRule.ofEvent(type).orElse(null)).isEqualTo(cause);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"MEDIUM, false", "HIGH, true", "CRITICAL, true"})
  void onlyADropOverFiftyPercentIsAChurnRisk(Severity severity, boolean churnRisk) {
    assertThat(EscalationRule.isChurnRiskDrop(severity)).isEqualTo(churnRisk);
    assertThat(EscalationRule.isChurnRiskDrop(Severity.ofPercentDrop(50.0))).isFalse();
    assertThat(EscalationRule.isChurnRiskDrop(Severity.ofPercentDrop(50.1))).isTrue();
  }

  @ParameterizedTest(name = "{0}, {1} -> {2}")
  @CsvSource(nullValues = "-", value = {
      "green, declining, RECOVERED", "green, -, RECOVERED", "yellow, stable, RECOVERED", "yellow, improving, RECOVERED",
      "yellow, -, RECOVERED", "yellow, declining, STILL_AT_RISK", "red, improving, STILL_AT_RISK", "-, -, STILL_AT_RISK"})
  void thirtyDaysOn_theBandAndTrendSayWhetherTheCustomerRecovered(String band, String trend, EscalationOutcome outcome) {
    assertThat(EscalationOutcomes.of(band, trend)).isEqualTo(outcome);
  }
}
