package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void givenAnyText_isIdAnswersWhatTheIdPatternMatches() {
    Random random = new Random(7);
    String alphabet = "aZ09._:@-/ é\t\u0000";
    for (int i = 0; i < 100_000; i++) {
      int length = random.nextInt(5) == 0 ? 126 + random.nextInt(4) : random.nextInt(6);
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < length; c++) {
        text.append(random.nextInt(20) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : alphabet.charAt(random.nextInt(9)));
      }
      assertThat(Limits.isId(text.toString())).as(text.toString()).isEqualTo(text.toString().matches(Limits.ID));
    }
  }

}
