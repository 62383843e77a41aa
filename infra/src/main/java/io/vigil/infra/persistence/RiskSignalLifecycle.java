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

  /**
   * Slack's "Snooze alert": acknowledges the alert (the snoozer owns it when nobody did) and holds the DMs
   * of the same kind of alert for the same customer until {@code until} ({@link #snoozeOf}). A
   * resolved or dismissed alert is a {@link Result.Kind#CONFLICT}; snoozing again moves the time.
   */
  public Result snooze(long id, String actor, Instant until, Instant at) {
    return sql.inTransaction(connection -> {
      int changed;
      try (PreparedStatement ps = connection.prepareStatement("UPDATE risk_signals SET status = 'acknowledged',"
          + " owner_id = coalesce(owner_id, ?), acknowledged_at = coalesce(acknowledged_at, ?), snoozed_until = ?,"
          + " snoozed_by = ? WHERE id = ? AND status IN ('open', 'acknowledged')")) {
        ps.setString(1, actor);
        ps.setTimestamp(2, Timestamp.from(at));
        ps.setTimestamp(3, Timestamp.from(until));
        ps.setString(4, actor);
        ps.setLong(5, id);
        changed = ps.executeUpdate();
      }
      Optional<RiskSignal> now = read(connection, id);
      if (now.isEmpty()) {
        return new Result(Result.Kind.NOT_FOUND, null);
      }
      return new Result(changed == 1 ? Result.Kind.CHANGED : Result.Kind.CONFLICT, now.get());
    });
  }

  /** A snooze holding alerts like the signal {@code riskSignalId} (its customer, its type) until {@code until}. */
  public record Snooze(long riskSignalId, String customerId, String type, Instant until) {}

  /**
   * The latest snooze past {@code at} of an alert with the customer and type of the signal keyed
   * {@code idempotencyKey}, in one statement (not a read of the signal's id, then of the signal, then
   * of the snoozes); empty when no such signal exists or no snooze of its kind lasts past {@code at}.
   */
  public Optional<Snooze> snoozeOf(String idempotencyKey, Instant at) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT r.id, r.customer_id, r.type,
                 (SELECT max(s.snoozed_until) FROM risk_signals s
                  WHERE s.customer_id = r.customer_id AND s.type = r.type AND s.snoozed_until > ?) AS until
          FROM risk_signals r WHERE r.idempotency_key = ?""")) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, idempotencyKey);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || instant(rs, "until") == null) {
            return Optional.<Snooze>empty();
          }
          return Optional.of(new Snooze(rs.getLong("id"), rs.getString("customer_id"), rs.getString("type"),
              instant(rs, "until")));
        }
      }
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
