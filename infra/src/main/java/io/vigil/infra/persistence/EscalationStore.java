package io.vigil.infra.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Escalations: an evaluation's findings in (one row per theme, updated as it grows), the list and one
 * out, and resolving one. Evaluations hold a transaction-level advisory lock, so two at once (two
 * ticket batches) never both insert the same theme.
 */
@Singleton
public class EscalationStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EVALUATION_LOCK = 0x76_69_67_69_6c_65_73_63L; // "vigilesc"
  private static final String COLUMNS = """
      e.id, e.type, e.theme_key, e.theme, e.category, e.status, e.requests, e.customers, e.total_arr, e.priority,
      e.details::text, e.version, e.created_at, e.updated_at, e.resolved_at, e.resolved_by,
      ARRAY(SELECT ticket_id FROM escalation_tickets et WHERE et.escalation_id = e.id ORDER BY ticket_id) AS tickets""";

  private final Sql sql;

  public EscalationStore(Sql sql) {
    this.sql = sql;
  }

  /** An escalation an evaluation created or changed: its version is the one to deliver. */
  public record Changed(String id, String type, int version, boolean created) {}

  /** The tickets of resolved escalations, by type: dealt with, so no evaluation escalates them again. */
  public Map<String, Set<String>> resolvedTickets() {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT e.type, et.ticket_id FROM escalations e JOIN escalation_tickets et ON et.escalation_id = e.id
          WHERE e.status = 'resolved'""")) {
        Map<String, Set<String>> byType = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byType.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(rs.getString(2));
          }
        }
        return byType;
      }
    });
  }

  /**
   * Records what an evaluation found, in one transaction. A finding updates the open escalation of its
   * type that shares most of its tickets (the theme grew, merged or lost its earliest ticket from the
   * window), else the one with its theme key, else becomes a new one. The version goes up only when
   * something a reader sees changed; tickets once escalated stay with their escalation. Answers the
   * escalations created or changed.
   */
  public List<Changed> record(List<EscalationVersion> found) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, EVALUATION_LOCK);
        lock.execute();
      }
      List<Changed> changed = new ArrayList<>();
      for (EscalationVersion v : found) {
        String existing = matching(connection, v);
        if (existing == null) {
          String id = "esc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
          insert(connection, id, v);
          addTickets(connection, id, v.ticketIds());
          changed.add(new Changed(id, v.type(), 1, true));
        } else {
          addTickets(connection, existing, v.ticketIds());
          Integer version = update(connection, existing, v);
          if (version != null) {
            changed.add(new Changed(existing, v.type(), version, false));
          }
        }
      }
      return changed;
    });
  }

  private static String matching(Connection connection, EscalationVersion v) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT e.id FROM escalations e
        WHERE e.type = ? AND e.status = 'open'
          AND (e.theme_key = ? OR EXISTS (SELECT 1 FROM escalation_tickets et WHERE et.escalation_id = e.id
                                          AND et.ticket_id = ANY(?)))
        ORDER BY (SELECT count(*) FROM escalation_tickets et WHERE et.escalation_id = e.id AND et.ticket_id = ANY(?)) DESC,
                 e.created_at, e.id
        LIMIT 1""")) {
      java.sql.Array tickets = connection.createArrayOf("text", v.ticketIds().toArray());
      ps.setString(1, v.type());
      ps.setString(2, v.themeKey());
      ps.setArray(3, tickets);
      ps.setArray(4, tickets);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static void insert(Connection connection, String id, EscalationVersion v) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO escalations (id, type, theme_key, theme, category, requests, customers, total_arr, priority, details)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
      ps.setString(1, id);
      ps.setString(2, v.type());
      ps.setString(3, v.themeKey());
      ps.setString(4, v.theme());
      ps.setString(5, v.category());
      ps.setInt(6, v.ticketIds().size());
      ps.setInt(7, v.customers());
      ps.setBigDecimal(8, v.totalArr());
      ps.setString(9, v.priority());
      ps.setString(10, json(v.details()));
      ps.executeUpdate();
    }
  }

  /** Counts come from the stored tickets (found now or earlier); answers the new version, or null when nothing changed. */
  private static Integer update(Connection connection, String id, EscalationVersion v) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        UPDATE escalations e SET theme = ?, requests = n.requests, customers = ?, total_arr = ?, priority = ?,
          details = ?::jsonb, version = e.version + 1, updated_at = now()
        FROM (SELECT count(*)::int AS requests FROM escalation_tickets WHERE escalation_id = ?) n
        WHERE e.id = ? AND (e.theme, e.requests, e.customers, e.total_arr, e.priority, e.details)
              IS DISTINCT FROM (?, n.requests, ?, ?::numeric, ?, ?::jsonb)
        RETURNING e.version""")) {
      String details = json(v.details());
      ps.setString(1, v.theme());
      ps.setInt(2, v.customers());
      ps.setBigDecimal(3, v.totalArr());
      ps.setString(4, v.priority());
      ps.setString(5, details);
      ps.setString(6, id);
      ps.setString(7, id);
      ps.setString(8, v.theme());
      ps.setInt(9, v.customers());
      ps.setBigDecimal(10, v.totalArr());
      ps.setString(11, v.priority());
      ps.setString(12, details);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  private static void addTickets(Connection connection, String id, List<String> ticketIds) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO escalation_tickets (escalation_id, ticket_id) SELECT ?, unnest(?::text[])
        ON CONFLICT DO NOTHING""")) {
      ps.setString(1, id);
      ps.setArray(2, connection.createArrayOf("text", ticketIds.toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * Escalations whose current version has no delivery yet and changed over a minute ago: a start lost
   * when the process died between recording a version and starting its delivery.
   */
  public List<Changed> undelivered() {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT e.id, e.type, e.version FROM escalations e
          WHERE e.updated_at < now() - interval '1 minute'
            AND NOT EXISTS (SELECT 1 FROM escalation_deliveries d WHERE d.escalation_id = e.id AND d.version = e.version)
          ORDER BY e.id""")) {
        List<Changed> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Changed(rs.getString(1), rs.getString(2), rs.getInt(3), false));
          }
        }
        return rows;
      }
    });
  }

  public Optional<EscalationRow> find(String id) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM escalations e WHERE e.id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  /**
   * Newest first, {@code limit} after the key of the previous page's last; {@code csmIds} (null: all)
   * keeps the escalations with a ticket of one of their customers.
   */
  public List<EscalationRow> search(String type, String status, List<String> csmIds, java.time.Instant beforeAt,
      String beforeId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + """
           FROM escalations e
          WHERE (?::text IS NULL OR e.type = ?) AND (?::text IS NULL OR e.status = ?)
            AND (?::text[] IS NULL OR EXISTS (
                  SELECT 1 FROM escalation_tickets et JOIN support_tickets t ON t.id = et.ticket_id
                  JOIN customers c ON c.id = t.customer_id WHERE et.escalation_id = e.id AND c.csm_id = ANY(?)))
            AND (?::timestamptz IS NULL OR (e.created_at, e.id) < (?, ?))
          ORDER BY e.created_at DESC, e.id DESC LIMIT ?""")) {
        java.sql.Array csms = csmIds == null ? null : connection.createArrayOf("text", csmIds.toArray());
        Timestamp before = beforeAt == null ? null : Timestamp.from(beforeAt);
        ps.setString(1, type);
        ps.setString(2, type);
        ps.setString(3, status);
        ps.setString(4, status);
        ps.setArray(5, csms);
        ps.setArray(6, csms);
        ps.setTimestamp(7, before);
        ps.setTimestamp(8, before);
        ps.setString(9, beforeId);
        ps.setInt(10, limit);
        List<EscalationRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
        return rows;
      }
    });
  }

  /** Marks it resolved by {@code by}; answers whether this call did (false: it already was). */
  public boolean resolve(String id, String by) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE escalations SET status = 'resolved', resolved_at = now(), resolved_by = ?, updated_at = now()
          WHERE id = ? AND status = 'open'""")) {
        ps.setString(1, by);
        ps.setString(2, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  static String json(EscalationDetails details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static EscalationDetails details(String json) {
    try {
      return JSON.readValue(json, EscalationDetails.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EscalationRow row(ResultSet rs) throws SQLException {
    return new EscalationRow(rs.getString("id"), rs.getString("type"), rs.getString("theme_key"), rs.getString("theme"),
        rs.getString("category"), rs.getString("status"), rs.getInt("requests"), rs.getInt("customers"),
        rs.getBigDecimal("total_arr"), rs.getString("priority"), details(rs.getString("details")), rs.getInt("version"),
        Arrays.asList((String[]) rs.getArray("tickets").getArray()), JdbcValues.instant(rs, "created_at"),
        JdbcValues.instant(rs, "updated_at"), JdbcValues.instant(rs, "resolved_at"), rs.getString("resolved_by"));
  }
}
