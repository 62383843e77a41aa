package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Customers' account events ({@code customer_events}): one row per customer, type and moment. */
@Singleton
public class CustomerEventStore {
  private static final String COLUMNS = "id, customer_id, type, at, note, recorded_by, created_at";

  private final Sql sql;

  public CustomerEventStore(Sql sql) {
    this.sql = sql;
  }

  /** The stored event and whether this call stored it (false: the same customer, type and moment was there). */
  public record Stored(CustomerEvent event, boolean created) {}

  public Stored recordOnce(String customerId, String type, Instant at, String note, String recordedBy) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO customer_events (customer_id, type, at, note, recorded_by) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (customer_id, type, at) DO NOTHING""" + " RETURNING " + COLUMNS)) {
        ps.setString(1, customerId);
        ps.setString(2, type);
        ps.setTimestamp(3, Timestamp.from(at));
        ps.setString(4, note);
        ps.setString(5, recordedBy);
        List<CustomerEvent> inserted = read(ps);
        if (!inserted.isEmpty()) {
          return new Stored(inserted.get(0), true);
        }
      }
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM customer_events WHERE customer_id = ? AND type = ? AND at = ?")) {
        ps.setString(1, customerId);
        ps.setString(2, type);
        ps.setTimestamp(3, Timestamp.from(at));
        return new Stored(read(ps).get(0), false);
      }
    });
  }

  /** Newest first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last. */
  public List<CustomerEvent> list(String customerId, Instant beforeAt, Long beforeId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM customer_events"
          + " WHERE customer_id = ? AND (CAST(? AS timestamptz) IS NULL OR (at, id) < (CAST(? AS timestamptz), CAST(? AS bigint)))"
          + " ORDER BY at DESC, id DESC LIMIT ?")) {
        ps.setString(1, customerId);
        Timestamp before = beforeAt == null ? null : Timestamp.from(beforeAt);
        ps.setTimestamp(2, before);
        ps.setTimestamp(3, before);
        ps.setObject(4, beforeId);
        ps.setInt(5, limit);
        return read(ps);
      }
    });
  }

  /** The customer's first event of {@code type} at or after {@code since}. */
  public Optional<CustomerEvent> firstSince(String customerId, String type, Instant since) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM customer_events WHERE customer_id = ? AND type = ? AND at >= ? ORDER BY at, id LIMIT 1")) {
        ps.setString(1, customerId);
        ps.setString(2, type);
        ps.setTimestamp(3, Timestamp.from(since));
        List<CustomerEvent> rows = read(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
      }
    });
  }

  private static List<CustomerEvent> read(PreparedStatement ps) throws SQLException {
    List<CustomerEvent> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new CustomerEvent(rs.getLong("id"), rs.getString("customer_id"), rs.getString("type"), instant(rs, "at"),
            rs.getString("note"), rs.getString("recorded_by"), instant(rs, "created_at")));
      }
    }
    return rows;
  }
}
