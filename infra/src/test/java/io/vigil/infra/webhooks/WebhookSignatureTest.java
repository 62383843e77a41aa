package io.vigil.infra.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbound signature against known vectors (RFC 4231, and one computed apart with Python's hmac). */
class WebhookSignatureTest {

  @Test
  void hmacSha256MatchesRfc4231TestCase2() {
    assertThat(WebhookSignature.hmacSha256Hex("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void theHeaderSignsTheTimestampDotTheRawBody() {
    String body = "{\"id\":\"esc_1\"}";

    assertThat(WebhookSignature.signedString(1_796_000_000L, body)).isEqualTo("1796000000." + body);
    // python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test', b'1796000000.{\"id\":\"esc_1\"}', hashlib.sha256).hexdigest())"
    assertThat(WebhookSignature.header("whsec_test", 1_796_000_000L, body))
        .isEqualTo("t=1796000000,v1=429d3ad80850988096ee5923d716ab6ac99dd22ab47e0347d1f43ef112568425");
  }

  @Test
  void anotherTimestampOrBodyOrSecretGivesAnotherSignature() {
    String signed = WebhookSignature.header("whsec_test", 1_796_000_000L, "{}");
    assertThat(WebhookSignature.header("whsec_test", 1_796_000_001L, "{}")).isNotEqualTo(signed);
    assertThat(WebhookSignature.header("whsec_test", 1_796_000_000L, "{ }")).isNotEqualTo(signed);
    assertThat(WebhookSignature.header("whsec_other", 1_796_000_000L, "{}")).isNotEqualTo(signed);
  }
}
