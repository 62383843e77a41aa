package io.vigil.app.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpStatus;
import io.vigil.app.api.ApiError;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class SlackInteractionsControllerTest {
  @Test
  void givenNoSigningSecret_itAnswers503SayingWhatToSet_andReadsNothing() {
    SlackInteractionsController controller =
        new SlackInteractionsController(null, new ObjectMapper(), Clock.systemUTC(), "");
    assertThatThrownBy(() -> controller.receive("payload=%7B%7D", "v0=anything", "1"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat((Object) e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
          assertThat((String) e.getMessage()).contains("SLACK_SIGNING_SECRET");
        });
  }
}
