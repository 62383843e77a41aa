package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the incident response did for each affected customer after telling the CSM: the outreach
 * draft and its decision, the resolution draft, the post-incident follow-up task. The response keys
 * them by the incident's workflow id (drafts and tasks) and by the impact row (the outreach draft).
 */
@Singleton
public class IncidentFollowThrough {
  private final Sql sql;

  public IncidentFollowThrough(Sql sql) {
    this.sql = sql;
  }

  /** A draft's id and status ({@code pending}, {@code approved}, {@code sent}, {@code rejected}...); a task's status and due time. */
  public record Customer(String customerId, String outreachDraftId, String outreachDraftStatus, String resolutionDraftId,
      String resolutionDraftStatus, String followUpStatus, Instant followUpDue) {}

  /** The follow-through of the given affected customers of the incident, by customer id. */
  public Map<String, Customer> of(String incidentId, Collection<String> customerIds) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT m.customer_id, oa.id AS outreach_id, oa.status AS outreach_status, ra.id AS resolution_id,
                 ra.status AS resolution_status, ft.status AS follow_up_status, ft.due_at AS follow_up_due
          FROM incident_customer_impact m
          JOIN product_incidents i ON i.id = m.incident_id
          LEFT JOIN approvals oa ON oa.id = m.approval_id
          LEFT JOIN LATERAL (SELECT a.id, a.status FROM approvals a
                             WHERE a.customer_id = m.customer_id AND a.workflow_id = i.workflow_id AND a.kind = 'incident_resolution'
                             ORDER BY a.created_at DESC, a.id DESC LIMIT 1) ra ON true
          LEFT JOIN LATERAL (SELECT t.status, t.due_at FROM tasks t
                             WHERE t.customer_id = m.customer_id AND t.workflow_id = i.workflow_id
                             ORDER BY t.created_at DESC, t.id DESC LIMIT 1) ft ON true
          WHERE m.incident_id = ? AND m.customer_id = ANY(?)""")) {
        ps.setString(1, incidentId);
        ps.setArray(2, c.createArrayOf("text", customerIds.toArray()));
        Map<String, Customer> byCustomer = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byCustomer.put(rs.getString("customer_id"), new Customer(rs.getString("customer_id"), rs.getString("outreach_id"),
                rs.getString("outreach_status"), rs.getString("resolution_id"), rs.getString("resolution_status"),
                rs.getString("follow_up_status"), instant(rs, "follow_up_due")));
          }
        }
        return byCustomer;
      }
    });
  }

  /** The incident's post-incident follow-up tasks for the customers of {@code csmIds} (a text[] literal; null: all). */
  public record FollowUps(int open, int done) {
    public int total() {
      return open + done;
    }
  }

  public FollowUps followUps(String incidentId, String csmIds) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT count(*) FILTER (WHERE t.status = 'open'), count(*) FILTER (WHERE t.status <> 'open')
          FROM product_incidents i
          JOIN tasks t ON t.workflow_id = i.workflow_id
          JOIN incident_customer_impact m ON m.incident_id = i.id AND m.customer_id = t.customer_id
          JOIN customers cu ON cu.id = t.customer_id
          WHERE i.id = ? AND (CAST(? AS text[]) IS NULL OR cu.csm_id = ANY(CAST(? AS text[])))""")) {
        ps.setString(1, incidentId);
        ps.setString(2, csmIds);
        ps.setString(3, csmIds);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new FollowUps(rs.getInt(1), rs.getInt(2));
        }
      }
    });
  }
}
