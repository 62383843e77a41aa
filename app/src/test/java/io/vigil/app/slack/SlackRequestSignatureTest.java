package io.vigil.app.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackRequestSignatureTest {
  /** The worked example of Slack's "Verifying requests from Slack" (api.slack.com/authentication/verifying-requests-from-slack). */
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
      + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
      + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant SENT = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));

  private final SlackRequestSignature signature = new SlackRequestSignature(SECRET);

  @Test
  void givenSlacksDocumentedExample_whenSigned_itShouldGiveSlacksSignature() {
    assertThat(signature.sign(TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(signature.refusal(TIMESTAMP, BODY, SIGNATURE, SENT.plusSeconds(299))).isNull();
  }

  @Test
  void givenOneChangedByteOrAnotherSecret_itShouldRefuse() {
    byte[] changed = BODY.clone();
    changed[changed.length - 1] = 'd';
    assertThat(signature.refusal(TIMESTAMP, changed, SIGNATURE, SENT)).contains("does not match");
    assertThat(new SlackRequestSignature("another-secret").refusal(TIMESTAMP, BODY, SIGNATURE, SENT))
        .contains("does not match");
    assertThat(signature.refusal(TIMESTAMP, BODY, SIGNATURE.toUpperCase(), SENT)).contains("does not match");
  }

  @Test
  void givenATimestampMoreThanFiveMinutesAwayEitherWay_itShouldRefuseAsAReplay() {
    assertThat(signature.refusal(TIMESTAMP, BODY, SIGNATURE, SENT.plusSeconds(301))).contains("more than 5 minutes");
    assertThat(signature.refusal(TIMESTAMP, BODY, SIGNATURE, SENT.minusSeconds(301))).contains("more than 5 minutes");
  }

  @Test
  void givenMissingOrMalformedHeaders_itShouldRefuse() {
    assertThat(signature.refusal(null, BODY, SIGNATURE, SENT)).contains("required");
    assertThat(signature.refusal(TIMESTAMP, BODY, null, SENT)).contains("required");
    assertThat(signature.refusal("yesterday", BODY, SIGNATURE, SENT)).contains("Unix seconds");
  }
}
