package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Support tickets: versions in, the list and a ticket out, and people's corrections of their categories. */
@Singleton
public class TicketStore {
  private static final String COLUMNS = """
      id, customer_id, subject, body, status, priority, requester_email, tags, csat, source, opened_at,
      source_updated_at, predicted_category, category_confidence, category_reason, category_source,
      corrected_category, category, created_at, updated_at""";

  /*
   * A version replaces the stored ticket unless both carry the sender's updatedAt and the stored one
   * is newer (an event delivered out of order), or it changes nothing. The prediction is replaced
   * only with the text it was made from; a person's correction is never touched.
   */
  private static final String UPSERT = """
      INSERT INTO support_tickets (id, customer_id, subject, body, status, priority, requester_email, tags, csat, source,
        opened_at, source_updated_at, predicted_category, category_confidence, category_reason, category_source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        customer_id = EXCLUDED.customer_id, subject = EXCLUDED.subject, body = EXCLUDED.body, status = EXCLUDED.status,
        priority = EXCLUDED.priority, requester_email = EXCLUDED.requester_email, tags = EXCLUDED.tags,
        csat = EXCLUDED.csat, source = EXCLUDED.source, opened_at = EXCLUDED.opened_at,
        source_updated_at = coalesce(EXCLUDED.source_updated_at, support_tickets.source_updated_at),
        predicted_category = CASE WHEN (support_tickets.subject, support_tickets.body) = (EXCLUDED.subject, EXCLUDED.body)
          THEN support_tickets.predicted_category ELSE EXCLUDED.predicted_category END,
        category_confidence = CASE WHEN (support_tickets.subject, support_tickets.body) = (EXCLUDED.subject, EXCLUDED.body)
          THEN support_tickets.category_confidence ELSE EXCLUDED.category_confidence END,
        category_reason = CASE WHEN (support_tickets.subject, support_tickets.body) = (EXCLUDED.subject, EXCLUDED.body)
          THEN support_tickets.category_reason ELSE EXCLUDED.category_reason END,
        category_source = CASE WHEN (support_tickets.subject, support_tickets.body) = (EXCLUDED.subject, EXCLUDED.body)
          THEN support_tickets.category_source ELSE EXCLUDED.category_source END,
        updated_at = now()
      WHERE (support_tickets.source_updated_at IS NULL OR EXCLUDED.source_updated_at IS NULL
             OR EXCLUDED.source_updated_at >= support_tickets.source_updated_at)
        AND (support_tickets.customer_id, support_tickets.subject, support_tickets.body, support_tickets.status,
             support_tickets.priority, support_tickets.requester_email, support_tickets.tags, support_tickets.csat,
             support_tickets.source, support_tickets.opened_at, support_tickets.source_updated_at)
            IS DISTINCT FROM
            (EXCLUDED.customer_id, EXCLUDED.subject, EXCLUDED.body, EXCLUDED.status, EXCLUDED.priority,
             EXCLUDED.requester_email, EXCLUDED.tags, EXCLUDED.csat, EXCLUDED.source, EXCLUDED.opened_at,
             coalesce(EXCLUDED.source_updated_at, support_tickets.source_updated_at))
      RETURNING (xmax = 0) AS inserted""";

  private final Sql sql;

  public TicketStore(Sql sql) {
    this.sql = sql;
  }

  /** What a batch did: tickets created, tickets updated, and versions that were stale or changed nothing. */
  public record Stored(int created, int updated, int unchanged) {}

  /**
   * Stores the versions in one transaction, in ticket id order (versions of one ticket in the order
   * given), so that two batches touching the same tickets never wait on each other in a cycle.
   */
  public Stored upsert(List<TicketVersion> versions) {
    List<TicketVersion> ordered = new ArrayList<>(versions);
    ordered.sort(Comparator.comparing(TicketVersion::id));
    Upserts.Counts counts = Upserts.run(sql, UPSERT, ordered, TicketStore::bind);
    return new Stored(counts.created(), counts.updated(), counts.unchanged());
  }

  private static void bind(Connection connection, PreparedStatement ps, TicketVersion v) throws SQLException {
    int i = 1;
    ps.setString(i++, v.id());
    ps.setString(i++, v.customerId());
    ps.setString(i++, v.subject());
    ps.setString(i++, v.body());
    ps.setString(i++, v.status());
    ps.setString(i++, v.priority());
    ps.setString(i++, v.requesterEmail());
    ps.setArray(i++, connection.createArrayOf("text", v.tags().toArray()));
    if (v.csat() == null) {
      ps.setNull(i++, Types.SMALLINT);
    } else {
      ps.setInt(i++, v.csat());
    }
    ps.setString(i++, v.source());
    ps.setTimestamp(i++, Timestamp.from(v.openedAt()));
    ps.setTimestamp(i++, v.sourceUpdatedAt() == null ? null : Timestamp.from(v.sourceUpdatedAt()));
    ps.setString(i++, v.predictedCategory());
    ps.setDouble(i++, v.categoryConfidence());
    ps.setString(i++, v.categoryReason());
    ps.setString(i, v.categorySource());
  }

  public Optional<TicketRow> find(String id) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM support_tickets WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    });
  }

  /** What the list is filtered by; null fields filter nothing. {@code csmIds} null: every customer. */
  public record Filter(String customerId, String category, Instant from, Instant to, List<String> csmIds) {}

  /**
   * Newest opened first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of
   * the previous page's last; {@code from} inclusive, {@code to} exclusive.
   */
  public List<TicketRow> search(Filter filter, Instant beforeAt, String beforeId, int limit) {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> values = new ArrayList<>();
    if (filter.customerId() != null) {
      where.append(" AND customer_id = ?");
      values.add(filter.customerId());
    }
    if (filter.category() != null) {
      where.append(" AND category = ?");
      values.add(filter.category());
    }
    if (filter.from() != null) {
      where.append(" AND opened_at >= ?");
      values.add(Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      where.append(" AND opened_at < ?");
      values.add(Timestamp.from(filter.to()));
    }
    if (filter.csmIds() != null) {
      where.append(" AND customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(?))");
      values.add(filter.csmIds());
    }
    if (beforeAt != null) {
      where.append(" AND (opened_at, id) < (?, ?)");
      values.add(Timestamp.from(beforeAt));
      values.add(beforeId);
    }
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT " + COLUMNS + " FROM support_tickets" + where + " ORDER BY opened_at DESC, id DESC LIMIT ?")) {
        ps.setInt(bindAll(connection, ps, values), limit);
        List<TicketRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
        return rows;
      }
    });
  }

  /**
   * Sets the ticket's category as a person decided and keeps the correction; the same category
   * again records nothing. Answers the ticket as it now stands, or empty when there is no such ticket.
   */
  public Optional<TicketRow> correct(String ticketId, String toCategory, String correctedBy) {
    return sql.inTransaction(connection -> {
      String current;
      String corrected;
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT category, corrected_category FROM support_tickets WHERE id = ? FOR UPDATE")) {
        ps.setString(1, ticketId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          current = rs.getString(1);
          corrected = rs.getString(2);
        }
      }
      if (!toCategory.equals(corrected)) {
        try (PreparedStatement ps = connection.prepareStatement("""
            INSERT INTO ticket_category_corrections (ticket_id, from_category, to_category, corrected_by)
            VALUES (?, ?, ?, ?)""")) {
          ps.setString(1, ticketId);
          ps.setString(2, current);
          ps.setString(3, toCategory);
          ps.setString(4, correctedBy);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement(
            "UPDATE support_tickets SET corrected_category = ?, updated_at = now() WHERE id = ?")) {
          ps.setString(1, toCategory);
          ps.setString(2, ticketId);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM support_tickets WHERE id = ?")) {
        ps.setString(1, ticketId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Optional.of(row(rs));
        }
      }
    });
  }

  /** A ticket's corrections, oldest first. */
  public List<CategoryCorrection> corrections(String ticketId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT id, ticket_id, from_category, to_category, corrected_by, corrected_at
          FROM ticket_category_corrections WHERE ticket_id = ? ORDER BY id""")) {
        ps.setString(1, ticketId);
        List<CategoryCorrection> corrections = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            corrections.add(new CategoryCorrection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant()));
          }
        }
        return corrections;
      }
    });
  }

  /** A corrected ticket's text and the category a person gave it: training data. */
  public record CorrectedText(String category, String subject, String body) {}

  /** Every corrected ticket's current text with the category in force, for the classifier's next training. */
  public List<CorrectedText> correctedTexts() {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT corrected_category, subject, body FROM support_tickets WHERE corrected_category IS NOT NULL ORDER BY id")) {
        List<CorrectedText> texts = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            texts.add(new CorrectedText(rs.getString(1), rs.getString(2), rs.getString(3)));
          }
        }
        return texts;
      }
    });
  }

  /** The customer's open and pending tickets, newest first, at most {@code limit}. */
  public List<TicketRow> openTickets(String customerId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM support_tickets"
          + " WHERE customer_id = ? AND status IN ('open', 'pending') ORDER BY opened_at DESC, id DESC LIMIT ?")) {
        ps.setString(1, customerId);
        ps.setInt(2, limit);
        List<TicketRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
        return rows;
      }
    });
  }

  /** A customer's newest tickets of some kind, and how many of that kind it has in all. */
  public record TicketsOf(List<TicketRow> newest, int total) {}

  /**
   * Each customer's tickets opened at or after {@code since}, whatever their status, newest first, at
   * most {@code perCustomer} each, with their total; customers without any are absent.
   */
  public Map<String, TicketsOf> openedSince(Collection<String> customerIds, Instant since, int perCustomer) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return newestPerCustomer("customer_id = ANY (?) AND opened_at >= ?",
        List.of(List.copyOf(customerIds), Timestamp.from(since)), perCustomer);
  }

  /** The customer's open and pending tickets, newest first, at most {@code limit}, with how many there are. */
  public TicketsOf openOf(String customerId, int limit) {
    return newestPerCustomer("customer_id = ? AND status IN ('open', 'pending')", List.of(customerId), limit)
        .getOrDefault(customerId, new TicketsOf(List.of(), 0));
  }

  private Map<String, TicketsOf> newestPerCustomer(String condition, List<Object> values, int perCustomer) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + ", total FROM ("
          + " SELECT *, count(*) OVER (PARTITION BY customer_id) AS total,"
          + " row_number() OVER (PARTITION BY customer_id ORDER BY opened_at DESC, id DESC) AS place"
          + " FROM support_tickets WHERE " + condition + ") t"
          + " WHERE place <= ? ORDER BY customer_id, place")) {
        ps.setInt(bindAll(connection, ps, values), perCustomer);
        Map<String, List<TicketRow>> newest = new LinkedHashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TicketRow ticket = row(rs);
            newest.computeIfAbsent(ticket.customerId(), c -> new ArrayList<>()).add(ticket);
            totals.put(ticket.customerId(), rs.getInt("total"));
          }
        }
        Map<String, TicketsOf> found = new LinkedHashMap<>();
        newest.forEach((customer, tickets) -> found.put(customer, new TicketsOf(List.copyOf(tickets), totals.get(customer))));
        return found;
      }
    });
  }

  /** Binds the values from the first parameter on, a list as a text[]; answers the next parameter's index. */
  private static int bindAll(Connection connection, PreparedStatement ps, List<Object> values) throws SQLException {
    int i = 1;
    for (Object value : values) {
      if (value instanceof List<?> list) {
        ps.setArray(i++, connection.createArrayOf("text", list.toArray()));
      } else {
        ps.setObject(i++, value);
      }
    }
    return i;
  }

  private static TicketRow row(ResultSet rs) throws SQLException {
    return new TicketRow(rs.getString("id"), rs.getString("customer_id"), rs.getString("subject"), rs.getString("body"),
        rs.getString("status"), rs.getString("priority"), rs.getString("requester_email"),
        Arrays.asList((String[]) rs.getArray("tags").getArray()), JdbcValues.nullableInt(rs, "csat"),
        rs.getString("source"), JdbcValues.instant(rs, "opened_at"), JdbcValues.instant(rs, "source_updated_at"),
        rs.getString("predicted_category"), rs.getDouble("category_confidence"), rs.getString("category_reason"),
        rs.getString("category_source"), rs.getString("corrected_category"), rs.getString("category"),
        JdbcValues.instant(rs, "created_at"), JdbcValues.instant(rs, "updated_at"));
  }
}
