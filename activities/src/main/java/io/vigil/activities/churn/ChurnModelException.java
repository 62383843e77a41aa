package io.vigil.activities.churn;

/** XGBoost's native library failed (a corrupt model, out of memory): not a data problem the caller can fix. */
public final class ChurnModelException extends RuntimeException {
  public ChurnModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
