package io.vigil.activities.common;

import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Fails an activity for good, at once, when the database refused its data: a NUL character in a
 * text, a value too long or out of range, a malformed date, a missing required value or a broken
 * check. Retrying such a statement can only fail again, and every retry keeps whatever waits behind
 * it waiting (an incident's later updates behind one that cannot be stored). Other database errors
 * (a lost connection, a unique key taken by a concurrent retry) keep the activity's retry policy.
 *
 * <p>Registered on the worker (WorkerRunner in app), so it covers every activity the same way.
 */
public class DataErrors extends WorkerInterceptorBase {
  /** The failure type of an activity failed this way. */
  public static final String TYPE = "DataError";
  /** SQLSTATE class 22 (data exception), and the integrity errors no retry can fix. */
  private static final Set<String> REFUSED_DATA = Set.of("23502", "23514");

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      @Override
      public ActivityOutput execute(ActivityInput input) {
        try {
          return super.execute(input);
        } catch (RuntimeException e) {
          Optional<SQLException> refused = refusedData(e);
          if (refused.isPresent()) {
            throw ApplicationFailure.newNonRetryableFailureWithCause(
                "the database refused the data (SQLSTATE " + refused.get().getSQLState() + "): " + refused.get().getMessage(),
                TYPE, e);
          }
          throw e;
        }
      }
    };
  }

  /** The SQL error in {@code failure}'s causes, when it says the data itself was refused. */
  public static Optional<SQLException> refusedData(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || REFUSED_DATA.contains(sql.getSQLState()))) {
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }
}
