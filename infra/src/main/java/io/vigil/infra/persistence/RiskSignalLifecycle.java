package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert's lifecycle (V200): open → acknowledged → resolved with an outcome, or dismissed as a false
 * positive with a reason (open may go straight to either). Each move is one guarded UPDATE, so two
 * people acting at once cannot both win; repeating the move that was made (a retried request) changes
 * nothing and is not an error, any other move out of a final state is a {@link Result.Kind#CONFLICT}.
 */
@Singleton
public class RiskSignalLifecycle {
  public enum Move {
    ACKNOWLEDGE("acknowledged"), RESOLVE("resolved"), DISMISS("dismissed");

    private final String status;

    Move(String status) {
      this.status = status;
    }

    public String status() {
      return status;
    }
  }

  /** {@code signal}: the alert after the call (null only when it does not exist). */
  public record Result(Kind kind, RiskSignal signal) {
    public enum Kind { CHANGED, UNCHANGED, CONFLICT, NOT_FOUND }
  }

  private final Sql sql;

  public RiskSignalLifecycle(Sql sql) {
    this.sql = sql;
  }

  public Optional<RiskSignal> find(long id) {
    return sql.inTransaction(connection -> read(connection, id));
  }

  /** {@code text}: the outcome of a resolve, the reason of a dismissal, ignored for an acknowledgement. */
  public Result move(long id, Move move, String actor, String text, Instant at) {
    return sql.inTransaction(connection -> {
      int changed;
      try (PreparedStatement ps = connection.prepareStatement(statement(move))) {
        int i = 1;
        if (move != Move.ACKNOWLEDGE) {
          ps.setString(i++, text);
          ps.setString(i++, actor);
          ps.setTimestamp(i++, Timestamp.from(at));
        }
        ps.setString(i++, actor);
        ps.setTimestamp(i++, Timestamp.from(at));
        ps.setLong(i, id);
        changed = ps.executeUpdate();
      }
      Optional<RiskSignal> now = read(connection, id);
      if (now.isEmpty()) {
        return new Result(Result.Kind.NOT_FOUND, null);
      }
      if (changed == 1) {
        return new Result(Result.Kind.CHANGED, now.get());
      }
      return new Result(alreadyMade(now.get(), move, text) ? Result.Kind.UNCHANGED : Result.Kind.CONFLICT, now.get());
    });
  }

  private static String statement(Move move) {
    return switch (move) {
      case ACKNOWLEDGE -> "UPDATE risk_signals SET status = 'acknowledged', owner_id = ?, acknowledged_at = ?"
          + " WHERE id = ? AND status = 'open'";
      case RESOLVE -> "UPDATE risk_signals SET status = 'resolved', outcome = ?, closed_by = ?, closed_at = ?,"
          + " owner_id = coalesce(owner_id, ?), acknowledged_at = coalesce(acknowledged_at, ?)"
          + " WHERE id = ? AND status IN ('open', 'acknowledged')";
      case DISMISS -> "UPDATE risk_signals SET status = 'dismissed', dismiss_reason = ?, closed_by = ?, closed_at = ?,"
          + " owner_id = coalesce(owner_id, ?), acknowledged_at = coalesce(acknowledged_at, ?)"
          + " WHERE id = ? AND status IN ('open', 'acknowledged')";
    };
  }

  /** The same move made before: an acknowledgement of an acknowledged alert, the same outcome or reason again. */
  private static boolean alreadyMade(RiskSignal signal, Move move, String text) {
    if (!signal.status().equals(move.status())) {
      return false;
    }
    return switch (move) {
      case ACKNOWLEDGE -> true;
      case RESOLVE -> Objects.equals(signal.outcome(), text);
      case DISMISS -> Objects.equals(signal.dismissReason(), text);
    };
  }

  private static Optional<RiskSignal> read(Connection connection, long id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT " + RiskSignal.COLUMNS + " FROM risk_signals WHERE id = ?")) {
      ps.setLong(1, id);
      List<RiskSignal> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new RiskSignal(rs.getLong("id"), rs.getString("customer_id"), rs.getString("type"),
              rs.getString("severity"), rs.getString("metadata"), instant(rs, "created_at"), rs.getString("status"),
              rs.getString("owner_id"), instant(rs, "acknowledged_at"), instant(rs, "closed_at"),
              rs.getString("closed_by"), rs.getString("outcome"), rs.getString("dismiss_reason")));
        }
      }
      return rows.stream().findFirst();
    }
  }
}
