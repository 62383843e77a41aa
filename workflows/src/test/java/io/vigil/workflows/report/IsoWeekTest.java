package io.vigil.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoWeekTest {

  @Test
  void givenAWeek_itRunsFromMondayToSunday_andItsTextReadsBack() {
    IsoWeek w48 = IsoWeek.parse("2026-W48").orElseThrow();
    assertThat(w48.monday()).isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(w48.nextMonday()).isEqualTo(LocalDate.of(2026, 11, 30));
    assertThat(w48.previous()).hasToString("2026-W47");
    assertThat(IsoWeek.of(LocalDate.of(2026, 11, 29))).isEqualTo(w48);
    assertThat(IsoWeek.of(LocalDate.of(2026, 11, 30))).hasToString("2026-W49");
  }

  @Test
  void givenTheTurnOfTheYear_theWeekBelongsToItsIsoYear() {
    // 1 January 2027 is a Friday: ISO week 53 of 2026; 2026 has 53 weeks, 2025 has 52
    assertThat(IsoWeek.of(LocalDate.of(2027, 1, 1))).hasToString("2026-W53");
    assertThat(IsoWeek.parse("2026-W53")).isPresent();
    assertThat(IsoWeek.parse("2026-W01").orElseThrow().monday()).isEqualTo(LocalDate.of(2025, 12, 29));
    assertThat(IsoWeek.parse("2026-W01").orElseThrow().previous()).hasToString("2025-W52");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2026-48", "2026-W4", "2026-w48", "2026-W00", "2025-W53", "2026-W54", "26-W48",
      " 2026-W48", "2026-W48 ", "2026-W48x", "0999-W10"})
  void givenTextThatNamesNoWeek_itIsRefused(String text) {
    assertThat(IsoWeek.parse(text)).isEmpty();
  }
}
