package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Each version's delivery to each destination: the body sent on every attempt, and how it went. */
@Singleton
public class EscalationDeliveries {
  private final Sql sql;

  public EscalationDeliveries(Sql sql) {
    this.sql = sql;
  }

  /** A delivery as stored. */
  public record DeliveryRow(String key, String escalationId, int version, String destination, String status,
      String body, int attempts, String lastError) {}

  /**
   * The delivery of {@code key}: claimed as pending with {@code body} when new, else as it stands (a
   * retry sends the body of the first attempt, byte for byte).
   */
  public DeliveryRow claim(String key, String escalationId, int version, String destination, String body) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO escalation_deliveries (idempotency_key, escalation_id, version, destination, status, body)
          VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
        ps.setString(1, key);
        ps.setString(2, escalationId);
        ps.setInt(3, version);
        ps.setString(4, destination);
        ps.setString(5, body);
        ps.executeUpdate();
      }
      return read(connection, key);
    });
  }

  /** Counts an attempt and how it ended: {@code status} pending (to be retried), delivered, skipped or failed. */
  public void attempted(String key, String status, String error) {
    sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE escalation_deliveries SET status = ?, attempts = attempts + 1, last_error = ?,
            delivered_at = CASE WHEN ? = 'delivered' THEN now() ELSE delivered_at END
          WHERE idempotency_key = ? AND status = 'pending'""")) {
        ps.setString(1, status);
        ps.setString(2, error);
        ps.setString(3, status);
        ps.setString(4, key);
        return ps.executeUpdate();
      }
    });
  }

  /** An escalation's deliveries, by version then destination. */
  public List<DeliveryRow> of(String escalationId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT idempotency_key FROM escalation_deliveries WHERE escalation_id = ? ORDER BY version, destination""")) {
        ps.setString(1, escalationId);
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            keys.add(rs.getString(1));
          }
        }
        List<DeliveryRow> rows = new ArrayList<>();
        for (String key : keys) {
          rows.add(read(connection, key));
        }
        return rows;
      }
    });
  }

  private static DeliveryRow read(java.sql.Connection connection, String key) throws java.sql.SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT idempotency_key, escalation_id, version, destination, status, body, attempts, last_error
        FROM escalation_deliveries WHERE idempotency_key = ?""")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new DeliveryRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getInt(7), rs.getString(8));
      }
    }
  }
}
