package io.vigil.infra.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of Vigil's outbound webhooks (docs/api.md, "Outbound webhooks"):
 * {@code X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over the exact string
 * {@code <unix seconds>.<raw body>}, keyed by the shared secret's UTF-8 bytes. The timestamp is inside
 * what is signed, so a receiver that refuses timestamps older than a few minutes refuses replays.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Vigil-Signature";

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code epochSeconds}. */
  public static String header(String secret, long epochSeconds, String body) {
    return "t=" + epochSeconds + ",v1=" + hmacSha256Hex(secret, signedString(epochSeconds, body));
  }

  /** Exactly what is signed. */
  public static String signedString(long epochSeconds, String body) {
    return epochSeconds + "." + body;
  }

  public static String hmacSha256Hex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
