package io.vigil.workflows.detractor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.vigil.workflows.common.ApprovalOutcome;

/**
 * How a detractor follow-up ended, as stored in {@code detractor_follow_ups.outcome} and on the
 * customer's activity: the reply was sent, the CSM rejected it, nobody decided before it expired,
 * or it was approved and the send failed for good.
 */
public enum DetractorOutcome {
  REPLY_SENT,
  REPLY_REJECTED,
  REPLY_EXPIRED,
  REPLY_FAILED;

  public static DetractorOutcome of(ApprovalOutcome.Status status) {
    return switch (status) {
      case APPROVED -> REPLY_SENT;
      case REJECTED -> REPLY_REJECTED;
      case EXPIRED -> REPLY_EXPIRED;
      case FAILED -> REPLY_FAILED;
      // only the check-in after silence withdraws its draft (a contact made it unnecessary)
      case WITHDRAWN -> throw new IllegalArgumentException("a detractor's reply is never withdrawn");
    };
  }

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static DetractorOutcome fromLabel(String label) {
    return valueOf(label.toUpperCase());
  }

  @Override
  public String toString() {
    return label();
  }
}
