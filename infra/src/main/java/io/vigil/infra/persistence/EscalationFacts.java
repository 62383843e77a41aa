package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the escalations on health read (docs/health.md, "Playbooks on health"): which customers of a
 * page have a churn cause, and one customer's risk factors besides its score (recent risk signals,
 * open incidents touching it, open tickets).
 */
@Singleton
public class EscalationFacts {
  /** Usage-drop alerts over 50% are high or critical (Severity.ofPercentDrop in the workflows module). */
  public static final List<String> SEVERE_DROP_SEVERITIES = List.of("high", "critical");

  private final Sql sql;

  public EscalationFacts(Sql sql) {
    this.sql = sql;
  }

  /** A churn cause of a customer: {@code cancellation_request}, {@code downgrade_request} or {@code usage_drop}. */
  public record ChurnCause(String customerId, String cause, Instant at) {}

  /**
   * Among {@code customerIds}, those with a churn cause on a day from {@code from} to {@code asOf}
   * (both included), one each, the strongest first: a cancellation request, then a downgrade request,
   * then a usage drop over 50%. A usage drop counts on the day its data is about (its {@code asOf}),
   * not the day it was written. Two statements for the whole page.
   */
  public Map<String, ChurnCause> churnCauses(List<String> customerIds, LocalDate from, LocalDate asOf) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(connection -> {
      Map<String, ChurnCause> causes = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT DISTINCT ON (customer_id) customer_id, type, at FROM customer_events
          WHERE customer_id = ANY(?) AND type IN ('cancellation_request', 'downgrade_request') AND at >= ? AND at < ?
          ORDER BY customer_id, (type = 'cancellation_request') DESC, at DESC""")) {
        ps.setArray(1, connection.createArrayOf("text", customerIds.toArray()));
        ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()));
        ps.setTimestamp(3, Timestamp.from(asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            causes.put(rs.getString(1), new ChurnCause(rs.getString(1), rs.getString(2), instant(rs, "at")));
          }
        }
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT customer_id, max(day) AS day FROM (
            SELECT customer_id, coalesce(CAST(metadata ->> 'asOf' AS date), CAST(created_at AT TIME ZONE 'UTC' AS date)) AS day
            FROM risk_signals WHERE customer_id = ANY(?) AND type = 'usage_anomaly' AND severity = ANY(?)) drops
          WHERE day BETWEEN ? AND ?
          GROUP BY customer_id""")) {
        ps.setArray(1, connection.createArrayOf("text", customerIds.toArray()));
        ps.setArray(2, connection.createArrayOf("text", SEVERE_DROP_SEVERITIES.toArray()));
        ps.setObject(3, from);
        ps.setObject(4, asOf);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Instant day = rs.getObject("day", LocalDate.class).atStartOfDay(ZoneOffset.UTC).toInstant();
            causes.putIfAbsent(rs.getString(1), new ChurnCause(rs.getString(1), "usage_drop", day));
          }
        }
      }
      return causes;
    });
  }

  public record Signal(String type, String severity, String summary, Instant at) {}

  public record OpenIncident(String id, String title, String severity, String status, String impactLevel) {}

  public record OpenTickets(int open, int urgent, List<String> subjects) {}

  /** The customer's risk signals since {@code since}, newest first, at most {@code limit}. */
  public List<Signal> recentSignals(String customerId, Instant since, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT type, severity, metadata->>'summary' AS summary, created_at FROM risk_signals
          WHERE customer_id = ? AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?""")) {
        ps.setString(1, customerId);
        ps.setTimestamp(2, Timestamp.from(since));
        ps.setInt(3, limit);
        List<Signal> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Signal(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, "created_at")));
          }
        }
        return rows;
      }
    });
  }

  /** Incidents not resolved that affect the customer, most severe first. */
  public List<OpenIncident> openIncidents(String customerId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT i.id, i.title, i.severity, i.status, m.impact_level FROM incident_customer_impact m
          JOIN product_incidents i ON i.id = m.incident_id
          WHERE m.customer_id = ? AND i.status <> 'resolved' ORDER BY i.severity, i.id LIMIT 10""")) {
        ps.setString(1, customerId);
        List<OpenIncident> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new OpenIncident(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
          }
        }
        return rows;
      }
    });
  }

  /** The customer's open and pending tickets: how many, how many high or urgent, the newest subjects. */
  public OpenTickets openTickets(String customerId) {
    return sql.inTransaction(connection -> {
      int open;
      int urgent;
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT count(*), count(*) FILTER (WHERE priority IN ('high', 'urgent')) FROM support_tickets
          WHERE customer_id = ? AND status IN ('open', 'pending')""")) {
        ps.setString(1, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          open = rs.getInt(1);
          urgent = rs.getInt(2);
        }
      }
      List<String> subjects = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT subject FROM support_tickets WHERE customer_id = ? AND status IN ('open', 'pending')
          ORDER BY opened_at DESC, id DESC LIMIT 3""")) {
        ps.setString(1, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            subjects.add(rs.getString(1));
          }
        }
      }
      return new OpenTickets(open, urgent, subjects);
    });
  }

  /** Adds {@code patchJson}'s fields to the metadata of the risk signal of {@code key}; answers whether it exists. */
  public boolean annotateSignal(String key, String patchJson) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE risk_signals SET metadata = metadata || CAST(? AS jsonb) WHERE idempotency_key = ?")) {
        ps.setString(1, patchJson);
        ps.setString(2, key);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
