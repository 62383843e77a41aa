package io.vigil.infra.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.inject.Singleton;

/**
 * Touchpoints, and every customer's last contact: the newest touchpoint or email sent through Vigil
 * (the {@code email_sent} line an approved draft's send writes, whether Gmail sent it or, without
 * credentials, Vigil recorded it in its place).
 */
@Singleton
public class TouchpointStore {
  private static final String COLUMNS = "id, customer_id, type, at, by_person, summary, recorded_by, created_at";

  private static final String CONTACTS = SqlFiles.read("silence/contacts.sql");

  private final Sql sql;

  public TouchpointStore(Sql sql) {
    this.sql = sql;
  }

  /** A touchpoint to store; {@code idempotencyKey} null: none (every POST stores one). */
  public record NewTouchpoint(String customerId, String type, Instant at, String by, String summary,
      String idempotencyKey, String recordedBy) {}

  /** The stored touchpoint, and whether this call stored it (false: its idempotency key had stored it before). */
  public record Stored(Touchpoint touchpoint, boolean created) {}

  public Stored insertOnce(NewTouchpoint t) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO touchpoints (customer_id, type, at, by_person, "
          + "summary, idempotency_key, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
          + "ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING " + COLUMNS)) {
        ps.setString(1, t.customerId());
        ps.setString(2, t.type());
        ps.setTimestamp(3, Timestamp.from(t.at()));
        ps.setString(4, t.by());
        ps.setString(5, t.summary());
        ps.setString(6, t.idempotencyKey());
        ps.setString(7, t.recordedBy());
        List<Touchpoint> inserted = read(ps);
        if (!inserted.isEmpty()) {
          return new Stored(inserted.get(0), true);
        }
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM touchpoints WHERE customer_id = ? AND idempotency_key = ?")) {
        ps.setString(1, t.customerId());
        ps.setString(2, t.idempotencyKey());
        return new Stored(read(ps).get(0), false);
      }
    });
  }

  /** The customer's touchpoints, newest contact first, {@code limit} after the key ({@code beforeAt}, {@code beforeId}). */
  public List<Touchpoint> list(String customerId, Instant beforeAt, Long beforeId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM touchpoints WHERE customer_id = ?"
          + " AND (CAST(? AS timestamptz) IS NULL OR (at, id) < (CAST(? AS timestamptz), CAST(? AS bigint)))"
          + " ORDER BY at DESC, id DESC LIMIT ?")) {
        Timestamp before = beforeAt == null ? null : Timestamp.from(beforeAt);
        ps.setString(1, customerId);
        ps.setTimestamp(2, before);
        ps.setTimestamp(3, before);
        ps.setObject(4, beforeId);
        ps.setInt(5, limit);
        return read(ps);
      }
    });
  }

  /**
   * A customer's contact as of a day: the last contact (null: none recorded) and the day its silence
   * runs from, the day of that contact (UTC) or, never contacted, the customer's start date or the day
   * it was added to Vigil.
   */
  public record Contact(String customerId, Instant lastContact, LocalDate silentSince) {}

  /** Each customer's {@link Contact} up to the end of {@code asOf} (UTC), in one statement for the lot. */
  public Map<String, Contact> contacts(Collection<String> customerIds, LocalDate asOf) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(connection -> {
      Map<String, Contact> contacts = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement(CONTACTS)) {
        OffsetDateTime end = asOf.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        ps.setObject(1, end);
        ps.setObject(2, end);
        ps.setArray(3, connection.createArrayOf("text", customerIds.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            contacts.put(rs.getString("id"), new Contact(rs.getString("id"), JdbcValues.instant(rs, "last_contact"),
                JdbcValues.localDate(rs, "silent_since")));
          }
        }
      }
      return contacts;
    });
  }

  private static List<Touchpoint> read(PreparedStatement ps) throws SQLException {
    List<Touchpoint> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new Touchpoint(rs.getLong("id"), rs.getString("customer_id"), rs.getString("type"),
            JdbcValues.instant(rs, "at"), rs.getString("by_person"), rs.getString("summary"), rs.getString("recorded_by"),
            JdbcValues.instant(rs, "created_at")));
      }
    }
    return rows;
  }
}
