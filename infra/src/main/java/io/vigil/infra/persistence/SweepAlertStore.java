package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduled sweep's alerts between its detection pages and its dispatch batches ({@code
 * sweep_alerts}), and what dispatch did with each: started the customer's workflow (which run), or
 * handed the detection to a workflow already running.
 */
@Singleton
public class SweepAlertStore {
  private final Sql sql;

  public SweepAlertStore(Sql sql) {
    this.sql = sql;
  }

  /** An alert as stored: the customer, the alert as JSON, and its outcome once dispatched. */
  public record SweepAlertRow(String customerId, String alertJson, String outcome, String workflowId, String runId) {}

  /** Stores a page's alerts; an alert already stored for the customer in this sweep is kept as it is. */
  public int save(String sweepId, LocalDate asOf, List<SweepAlertRow> alerts) {
    if (alerts.isEmpty()) {
      return 0;
    }
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO sweep_alerts (sweep_id, customer_id, as_of, alert) VALUES (?, ?, ?, CAST(? AS jsonb))
          ON CONFLICT (sweep_id, customer_id) DO NOTHING""")) {
        for (SweepAlertRow alert : alerts) {
          ps.setString(1, sweepId);
          ps.setString(2, alert.customerId());
          ps.setDate(3, Date.valueOf(asOf));
          ps.setString(4, alert.alertJson());
          ps.addBatch();
        }
        int stored = 0;
        for (int n : ps.executeBatch()) {
          stored += Math.max(n, 0);
        }
        return stored;
      }
    });
  }

  /** The customers with an alert of the sweep not dispatched yet, by id. */
  public List<String> undispatchedCustomerIds(String sweepId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT customer_id FROM sweep_alerts WHERE sweep_id = ? AND outcome IS NULL ORDER BY customer_id")) {
        ps.setString(1, sweepId);
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
        return ids;
      }
    });
  }

  /**
   * Holds the sweep's undispatched alerts of {@code customerIds} (null: all of them): a common-mode
   * day's, never dispatched. Answers how many of the sweep's alerts are held, this call's and earlier.
   */
  public long hold(String sweepId, List<String> customerIdsOrNull) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE sweep_alerts SET outcome = 'held' WHERE sweep_id = ? AND outcome IS NULL"
              + (customerIdsOrNull == null ? "" : " AND customer_id = ANY(?)"))) {
        ps.setString(1, sweepId);
        if (customerIdsOrNull != null) {
          ps.setArray(2, connection.createArrayOf("text", customerIdsOrNull.toArray()));
        }
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT count(*) FROM sweep_alerts WHERE sweep_id = ? AND outcome = 'held'")) {
        ps.setString(1, sweepId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /**
   * The next {@code limit} alerts of the sweep after {@code afterCustomerId} (null: from the first),
   * by customer id; held alerts are not dispatched, so not listed.
   */
  public List<SweepAlertRow> batch(String sweepId, String afterCustomerId, int limit) {
    return batch(sweepId, afterCustomerId, null, limit);
  }

  /** As {@link #batch(String, String, int)}, up to and including {@code throughCustomerId} (null: to the last). */
  public List<SweepAlertRow> batch(String sweepId, String afterCustomerId, String throughCustomerId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT customer_id, alert::text, outcome, workflow_id, run_id FROM sweep_alerts
          WHERE sweep_id = ? AND customer_id > coalesce(?, '') AND outcome IS DISTINCT FROM 'held'
            AND (CAST(? AS text) IS NULL OR customer_id <= ?)
          ORDER BY customer_id LIMIT ?""")) {
        ps.setString(1, sweepId);
        ps.setString(2, afterCustomerId);
        ps.setString(3, throughCustomerId);
        ps.setString(4, throughCustomerId);
        ps.setInt(5, limit);
        List<SweepAlertRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new SweepAlertRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
          }
        }
        return rows;
      }
    });
  }

  /** Records what dispatch did; a recorded outcome is never overwritten, and the one stored wins. */
  public String recordOutcome(String sweepId, String customerId, String outcome, String workflowId, String runId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE sweep_alerts SET outcome = coalesce(outcome, ?), workflow_id = coalesce(workflow_id, ?),
                 run_id = coalesce(run_id, ?), dispatched_at = coalesce(dispatched_at, now())
          WHERE sweep_id = ? AND customer_id = ?
          RETURNING outcome""")) {
        ps.setString(1, outcome);
        ps.setString(2, workflowId);
        ps.setString(3, runId);
        ps.setString(4, sweepId);
        ps.setString(5, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
  }

  /** Forgets the alerts of sweeps older than {@code age}; answers how many rows went. */
  public int prune(Duration age) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM sweep_alerts WHERE created_at < now() - make_interval(secs => ?)")) {
        ps.setDouble(1, age.toSeconds());
        return ps.executeUpdate();
      }
    });
  }
}
