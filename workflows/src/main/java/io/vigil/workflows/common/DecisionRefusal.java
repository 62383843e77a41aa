package io.vigil.workflows.common;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Why a playbook workflow refused a {@link DraftDecision}: one of the {@link HoldsDrafts} failure
 * types and a message for the person who decided.
 *
 * <p>Read it with {@link #of} rather than from the {@link ApplicationFailure}'s type. Temporal Java
 * SDK 1.38.0 drops the type of a failure thrown by an update <em>validator</em> (it reports every
 * rejection as type {@value #SDK_VALIDATOR_REJECTION} and keeps only the message; sdk-java issue
 * #2875, fixed by pull request #3001 after 1.38.0). A refused decision's message therefore starts
 * with its type ({@code "AlreadyDecided: approval … is already approved by …"}), and {@link #of}
 * recovers the type from it when the SDK lost it. Once the SDK is upgraded past the fix, the type
 * arrives as it is and the prefix is only stripped.
 */
public record DecisionRefusal(String type, String message) {
  /** The type SDK 1.38.0 gives every failure thrown by an update validator. */
  public static final String SDK_VALIDATOR_REJECTION = "io.temporal.internal.worker.WorkflowExecutionException";

  /** The failure a validator or handler throws to refuse a decision. */
  public static ApplicationFailure failure(String type, String message) {
    return ApplicationFailure.newFailure(type + ": " + message, type);
  }

  /**
   * The refusal carried by {@code thrown}, a {@link WorkflowUpdateException} (or its cause) from
   * the {@link HoldsDrafts#DECIDE} update; empty when it is no refused decision (say the workflow
   * failed to record it for another reason).
   */
  public static Optional<DecisionRefusal> of(Throwable thrown) {
    Throwable cause = thrown instanceof WorkflowUpdateException ? thrown.getCause() : thrown;
    if (!(cause instanceof ApplicationFailure failure)) {
      return Optional.empty();
    }
    String message = failure.getOriginalMessage() == null ? "" : failure.getOriginalMessage();
    String type = failure.getType();
    if (SDK_VALIDATOR_REJECTION.equals(type)) {
      int colon = message.indexOf(": ");
      type = colon < 0 ? type : message.substring(0, colon);
    }
    if (!isRefusal(type)) {
      return Optional.empty();
    }
    String prefix = type + ": ";
    return Optional.of(new DecisionRefusal(type, message.startsWith(prefix) ? message.substring(prefix.length()) : message));
  }

  private static boolean isRefusal(String type) {
    return HoldsDrafts.UNKNOWN_APPROVAL.equals(type) || HoldsDrafts.ALREADY_DECIDED.equals(type)
        || HoldsDrafts.EXPIRED.equals(type) || HoldsDrafts.INVALID_DECISION.equals(type)
        || HoldsDrafts.NOT_RECORDED.equals(type);
  }
}
