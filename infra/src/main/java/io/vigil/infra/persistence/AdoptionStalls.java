package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;
import static io.vigil.infra.persistence.JdbcValues.localDate;
import static io.vigil.infra.persistence.JdbcValues.nullableInt;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The day's stalled features, set-based over every customer (or one), and their alerts. */
@Singleton
public class AdoptionStalls {
  private static final String STALLS = SqlFiles.read("adoption/stalls.sql");

  private final Sql sql;

  public AdoptionStalls(Sql sql) {
    this.sql = sql;
  }

  /** The stalled features on {@code asOf} (as rolled up for that day), most important first per customer. */
  public List<StallRow> findStalls(LocalDate asOf, String customerIdOrNull) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(STALLS)) {
        ps.setDate(1, Date.valueOf(asOf));
        ps.setString(2, customerIdOrNull);
        ps.setString(3, customerIdOrNull);
        List<StallRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new StallRow(rs.getString("customer_id"), rs.getString("name"), rs.getString("csm_id"),
                rs.getString("segment"), rs.getBigDecimal("arr"), rs.getString("adoption_id"), rs.getString("feature_id"),
                rs.getString("feature_name"), rs.getInt("importance_score"), rs.getInt("expected_adoption_days"),
                rs.getInt("usage_score"), rs.getString("stage"), localDate(rs, "stage_since"),
                nullableInt(rs, "days_since_activation"), rs.getString("stall_reason"), localDate(rs, "stalled_since"),
                instant(rs, "last_alerted_at"), instant(rs, "intervention_sent_at"), rs.getString("intervention_type")));
          }
        }
        return rows;
      }
    });
  }

  /** How many customers have adoption rolled up for {@code asOf}. */
  public long countEvaluated(LocalDate asOf, String customerIdOrNull) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT count(DISTINCT customer_id) FROM feature_adoption_daily
          WHERE metric_date = ? AND (CAST(? AS text) IS NULL OR customer_id = ?)""")) {
        ps.setDate(1, Date.valueOf(asOf));
        ps.setString(2, customerIdOrNull);
        ps.setString(3, customerIdOrNull);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** Marks the features as alerted on {@code at}; a retry of the same alert changes nothing. */
  public void markAlerted(Collection<String> adoptionIds, Instant at) {
    sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE feature_adoption SET last_alerted_at = ?, updated_at = now()
          WHERE id = ANY(CAST(? AS uuid[])) AND (last_alerted_at IS NULL OR last_alerted_at < ?)""")) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setArray(2, connection.createArrayOf("text", adoptionIds.toArray()));
        ps.setTimestamp(3, Timestamp.from(at));
        return ps.executeUpdate();
      }
    });
  }
}
