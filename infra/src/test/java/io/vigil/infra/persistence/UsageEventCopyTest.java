package io.vigil.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UsageEventCopyTest {

  @Test
  void writesEveryInstantAsInstantToStringDoes() {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < 200_000; i++) {
      long second = random.nextLong(-100_000_000_000L, 300_000_000_000L);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant at = Instant.ofEpochSecond(second, nano);
      assertThat(UsageEventCopy.utc(new StringBuilder(), at).toString()).isEqualTo(at.toString());
    }
  }

  @Test
  void writesTheEdgesAsInstantToStringDoes() {
    for (Instant at : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1, 999_999_999),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.parse("2026-11-30T00:00:00.100Z"), Instant.parse("2026-11-30T23:59:59.000010Z")}) {
      assertThat(UsageEventCopy.utc(new StringBuilder(), at).toString()).isEqualTo(at.toString());
    }
  }
}
