package io.vigil.activities.common;

import io.temporal.failure.ApplicationFailure;
import io.vigil.infra.DeliveryFailure;

/**
 * A Slack or Google failure as the activity's retry policy must see it: a permanent one
 * ({@code <what>Failed}) is not retried, a rate limit ({@code RateLimited}) is retried after the
 * provider's own delay, anything else ({@code <what>Unavailable}) with the profile's backoff.
 */
public final class ProviderFailures {
  private ProviderFailures() {}

  /** {@code what} names the step in the failure's type: "Delivery", "Channel", "Calendar". */
  public static ApplicationFailure of(DeliveryFailure failure, String what) {
    return switch (failure.kind()) {
      case PERMANENT -> ApplicationFailure.newNonRetryableFailure(failure.getMessage(), what + "Failed");
      case RATE_LIMITED -> ApplicationFailure.newBuilder()
          .setMessage(failure.getMessage())
          .setType("RateLimited")
          .setNextRetryDelay(failure.retryAfter())
          .build();
      case TRANSIENT -> ApplicationFailure.newFailure(failure.getMessage(), what + "Unavailable");
    };
  }
}
