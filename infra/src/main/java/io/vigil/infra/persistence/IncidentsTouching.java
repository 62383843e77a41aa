package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jakarta.inject.Singleton;

/** The unresolved incidents that affect some of a portfolio's customers (the dashboard's My day). */
@Singleton
public class IncidentsTouching {
  private final Sql sql;

  public IncidentsTouching(Sql sql) {
    this.sql = sql;
  }

  /** {@code customerNames}: the portfolio's affected customers, highest impact and ARR first. */
  public record Touching(String id, String title, String severity, String status, Instant startedAt,
      int customers, BigDecimal arrAtRisk, List<String> customerNames) {}

  /** The incidents not resolved that touch customers of {@code csmIds} (null: anyone's), most severe first. */
  public List<Touching> open(List<String> csmIds, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT i.id, i.title, i.severity, i.status, coalesce(i.started_at, i.created_at) AS started_at,
                 count(*) AS customers, coalesce(sum(c.arr), 0) AS arr_at_risk,
                 array_agg(c.name ORDER BY CASE m.impact_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END,
                   c.arr DESC, c.name) AS names
          FROM product_incidents i
          JOIN incident_customer_impact m ON m.incident_id = i.id
          JOIN customers c ON c.id = m.customer_id
          WHERE i.status <> 'resolved' AND (CAST(? AS text[]) IS NULL OR c.csm_id = ANY(CAST(? AS text[])))
          GROUP BY i.id, i.title, i.severity, i.status, i.started_at, i.created_at
          ORDER BY i.severity, coalesce(i.started_at, i.created_at) DESC, i.id LIMIT ?""")) {
        java.sql.Array scope = csmIds == null ? null : connection.createArrayOf("text", csmIds.toArray());
        ps.setArray(1, scope);
        ps.setArray(2, scope);
        ps.setInt(3, limit);
        List<Touching> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Touching(rs.getString("id"), rs.getString("title"), rs.getString("severity"),
                rs.getString("status"), instant(rs, "started_at"), rs.getInt("customers"), rs.getBigDecimal("arr_at_risk"),
                Arrays.asList((String[]) rs.getArray("names").getArray())));
          }
        }
        return rows;
      }
    });
  }
}
