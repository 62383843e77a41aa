package io.vigil.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TemporalLimitsTest {

  @Test
  void aShortSummaryIsLeftAsItIs() {
    assertThat(TemporalLimits.summary("Slack DM to CSM csm-7")).isEqualTo("Slack DM to CSM csm-7");
  }

  @Test
  void aSummaryNamingA400CharacterCustomerIsCutToFitTheServersLimitWithAnEllipsis() {
    String name = "N".repeat(400);

    String summary = TemporalLimits.summary("Draft check-in email to " + name);

    assertThat(TemporalLimits.payloadSize(summary)).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES)
        .isGreaterThan(TemporalLimits.SUMMARY_BYTES - 8);
    assertThat(summary).startsWith("Draft check-in email to NNN").endsWith("…");
  }

  @Test
  void aTextThatSkipsTheConverterForBeingShortReallyFits() {
    // 336 bytes is the longest text summary() passes without measuring its payload
    assertThat(TemporalLimits.payloadSize("é".repeat(168))).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES);
    assertThat(TemporalLimits.summary("é".repeat(168))).isEqualTo("é".repeat(168));
  }

  @Test
  void quotesAndBackslashesCountAsTheServerCountsThemEscaped() {
    String summary = TemporalLimits.summary("\"\\".repeat(300));

    assertThat(TemporalLimits.payloadSize(summary)).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES);
    assertThat(summary.length()).isLessThan(200);
  }

  @Test
  void multiByteTextIsCutBetweenCodePointsNeverInsideOne() {
    String summary = TemporalLimits.summary("Incident: " + "😀".repeat(200));

    assertThat(TemporalLimits.payloadSize(summary)).isLessThanOrEqualTo(TemporalLimits.SUMMARY_BYTES);
    String withoutEllipsis = summary.substring(0, summary.length() - 1);
    assertThat(withoutEllipsis.codePoints().filter(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)).isEmpty();
    assertThat(new String(summary.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(summary);
  }

  @Test
  void controlCharactersInASummaryOrDetailsBecomeSpaces() {
    assertThat(TemporalLimits.summary("Outage\u0000in\nEU")).isEqualTo("Outage in EU");
    assertThat(TemporalLimits.details("Outage\r\nin EU: notifying")).isEqualTo("Outage  in EU: notifying");
  }

  @Test
  void detailsAreCutToTheirOwnLongerBudget() {
    String details = TemporalLimits.details("T".repeat(10_000) + ": waiting for approval");

    assertThat(TemporalLimits.payloadSize(details)).isLessThanOrEqualTo(TemporalLimits.DETAILS_BYTES)
        .isGreaterThan(TemporalLimits.SUMMARY_BYTES);
  }

  @Test
  void aKeywordIsCutTo255Utf8BytesWithoutAnEllipsisSoAPrefixSearchStillMatches() {
    String id = "customer-" + "é".repeat(300);

    String keyword = TemporalLimits.keyword(id);

    assertThat(keyword.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TemporalLimits.KEYWORD_BYTES);
    assertThat(id).startsWith(keyword);
    assertThat(TemporalLimits.keyword("cust-42")).isEqualTo("cust-42");
  }

  @Test
  void anyTextIsCutToItsByteBudgetEndingWithAnEllipsis() {
    assertThat(TemporalLimits.text("abcdef", 6)).isEqualTo("abcdef");
    assertThat(TemporalLimits.text("abcdefgh", 6)).isEqualTo("abc…");
  }
}
