package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read plain form answers exactly what {@link Instant#parse} answers, and nothing it would refuse. */
class InstantsTest {
  private static final Instant FIRST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("2100-12-31T23:59:59.999999999Z");

  @Test
  void givenPlainInstantsAcrossVigilsYears_theHandReadingEqualsInstantParse() {
    Random random = new Random(12);
    for (int i = 0; i < 200_000; i++) {
      Instant at = Instant.ofEpochSecond(FIRST.getEpochSecond()
          + (long) (random.nextDouble() * (LAST.getEpochSecond() - FIRST.getEpochSecond())), random.nextInt(3) == 0 ? 0
          : random.nextInt(1_000_000_000));
      String text = at.toString(); // ISO_INSTANT: no fraction, or 3, 6 or 9 digits
      assertThat(Instants.plainUtc(text)).as(text).isEqualTo(at);
      String oneDigit = text.length() > 20 ? text.substring(0, 21) + "Z" : text;
      assertThat(Instants.plainUtc(oneDigit)).as(oneDigit).isEqualTo(Instant.parse(oneDigit));
    }
  }

  @Test
  void givenAnythingElse_itIsLeftToInstantParseOrReadTheSame() {
    List<String> texts = new ArrayList<>(List.of("2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-04-31T10:00:00Z",
        "2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z", "2026-11-00T10:00:00Z", "2026-11-10T24:00:00Z",
        "2026-11-10T23:60:00Z", "2026-11-10T23:59:60Z", "2026-11-10T10:00:00z", "2026-11-10t10:00:00Z",
        "2026-11-10T10:00:00.Z", "2026-11-10T10:00:00.1234567890Z", "2026-11-10T10:00:00,5Z", "2026-11-10T10:00:00+01:00",
        " 2026-11-10T10:00:00Z", "2026-11-10T10:00:00Z ", "1999-12-31T23:59:59Z", "2101-01-01T00:00:00Z",
        "+2026-11-10T10:00:00Z", "2026-11-10T10:00Z", "2026-1-10T10:00:00Z", "２０２６-11-10T10:00:00Z",
        "2026-11-10T10:00:00.-5Z", "2026-11-10T1a:00:00Z", "-026-11-10T10:00:00Z", "2026-11-10T10:00:00.000000001Z"));
    for (String text : texts) {
      Instant plain = Instants.plainUtc(text);
      if (plain != null) {
        assertThat(plain).as(text).isEqualTo(Instant.parse(text));
      }
    }
    assertThat(Instants.plainUtc("2024-02-29T10:00:00Z")).isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
    assertThat(Instants.plainUtc("2026-02-29T10:00:00Z")).isNull();
    assertThat(Instants.plainUtc("1999-12-31T23:59:59Z")).isNull();
    assertThat(Instants.plainUtc("2026-11-10T23:59:60Z")).isNull();
  }

  @Test
  void givenTextsTheHandReadingDoesNotTake_parseAnswersAsBefore() {
    List<ApiError.FieldError> errors = new ArrayList<>();
    assertThat(Instants.parse(" 2026-11-10T10:00:00Z", "at", errors)).isEqualTo(Instant.parse("2026-11-10T10:00:00Z"));
    assertThat(Instants.parse("2026-02-29T10:00:00Z", "at", errors)).isNull();
    assertThat(Instants.parse("1999-12-31T23:59:59Z", "at", errors)).isNull();
    assertThat(errors).extracting(ApiError.FieldError::message).containsExactly(Instants.MESSAGE, JsonGuards.ERA);
  }
}
