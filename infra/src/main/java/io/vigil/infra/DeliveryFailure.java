package io.vigil.infra;

import java.time.Duration;

/**
 * A provider call that did not go through, classified for the retry policy above it: permanent
 * (bad credentials, unknown user: retrying cannot help), rate limited (retry after the provider's
 * own delay) or transient (retry with backoff).
 */
public final class DeliveryFailure extends RuntimeException {
  public enum Kind {
    PERMANENT,
    RATE_LIMITED,
    TRANSIENT
  }

  private final Kind kind;
  private final Duration retryAfter;

  private DeliveryFailure(Kind kind, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public static DeliveryFailure permanent(String message) {
    return new DeliveryFailure(Kind.PERMANENT, message, null);
  }

  public static DeliveryFailure rateLimited(String message, Duration retryAfter) {
    return new DeliveryFailure(Kind.RATE_LIMITED, message, retryAfter);
  }

  public static DeliveryFailure transientFailure(String message) {
    return new DeliveryFailure(Kind.TRANSIENT, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
