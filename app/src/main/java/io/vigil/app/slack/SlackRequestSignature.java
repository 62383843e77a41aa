package io.vigil.app.slack;

import io.vigil.app.incidents.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Slack's request signing, version 0: {@code X-Slack-Signature} is {@code v0=} and the hex
 * HMAC-SHA256, keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>};
 * a timestamp more than {@value #TOLERANCE_MINUTES} minutes from now is a replay. Written here rather
 * than taken from the SDK: its {@code SlackSignature.Verifier} lives in slack-app-backend, an artifact
 * Vigil does not otherwise need, and this is the same dozen lines with Vigil's constant-time compare.
 */
public final class SlackRequestSignature {
  static final long TOLERANCE_MINUTES = 5;
  private static final String VERSION = "v0";

  private final String secret;

  public SlackRequestSignature(String secret) {
    this.secret = secret;
  }

  /** Why the request is refused, or null when it is Slack's and fresh. */
  public String refusal(String timestamp, byte[] body, String signature, Instant now) {
    if (timestamp == null || signature == null) {
      return "X-Slack-Signature and X-Slack-Request-Timestamp are required";
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return "X-Slack-Request-Timestamp must be Unix seconds";
    }
    if (!Secrets.sameSecret(sign(timestamp.trim(), body), signature.trim())) {
      return "X-Slack-Signature does not match SLACK_SIGNING_SECRET";
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(Duration.ofMinutes(TOLERANCE_MINUTES)) > 0) {
      return "X-Slack-Request-Timestamp is more than " + TOLERANCE_MINUTES + " minutes from now: a replayed or delayed request";
    }
    return null;
  }

  /** {@code v0=<hex>} for this timestamp and body. */
  public String sign(String timestamp, byte[] body) {
    byte[] prefix = (VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    byte[] base = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, base, 0, prefix.length);
    System.arraycopy(body, 0, base, prefix.length, body.length);
    return VERSION + "=" + Secrets.hmacSha256Hex(secret, base);
  }
}
