package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What churn prediction learns from (docs/churn.md): each customer's feature row as of a day, one
 * statement over the whole population, and who churned in the days after it. Both read only rows
 * dated up to their cutoff, so adding later data never changes an earlier day's answer.
 */
@Singleton
public class ChurnHistory {
  private static final String FEATURES = SqlFiles.read("churn/features.sql");
  // a churned event dated within (D, D + lead]: from the end of D to the end of D + lead, in UTC
  private static final String CHURNED_WITHIN = """
      SELECT DISTINCT customer_id FROM customer_events
      WHERE type = 'churned'
        AND at >= (CAST(? AS date) + 1)::timestamp AT TIME ZONE 'UTC'
        AND at < (CAST(? AS date) + 1 + ?)::timestamp AT TIME ZONE 'UTC'
      """;

  private final Sql sql;

  public ChurnHistory(Sql sql) {
    this.sql = sql;
  }

  /** The statement's columns after customer_id, in its order, and one row per customer of D's population. */
  public record FeatureRows(List<String> columns, List<FeatureRow> rows) {}

  /** A customer's feature values in the columns' order; NaN where the statement found no data. */
  public record FeatureRow(String customerId, double[] values) {}

  public FeatureRows features(LocalDate asOf) {
    return sql.inTransaction(c -> read(c, asOf));
  }

  private static FeatureRows read(Connection connection, LocalDate asOf) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(FEATURES)) {
      ps.setDate(1, Date.valueOf(asOf));
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 2; i <= meta.getColumnCount(); i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<FeatureRow> rows = new ArrayList<>();
        while (rs.next()) {
          double[] values = new double[columns.size()];
          for (int i = 0; i < values.length; i++) {
            double v = rs.getDouble(i + 2);
            values[i] = rs.wasNull() ? Double.NaN : v;
          }
          rows.add(new FeatureRow(rs.getString(1), values));
        }
        return new FeatureRows(List.copyOf(columns), List.copyOf(rows));
      }
    }
  }

  /** The customers with a churned event dated in (asOf, asOf + leadDays], UTC days. */
  public Set<String> churnedWithin(LocalDate asOf, int leadDays) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(CHURNED_WITHIN)) {
        ps.setDate(1, Date.valueOf(asOf));
        ps.setDate(2, Date.valueOf(asOf));
        ps.setInt(3, leadDays);
        Set<String> churned = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            churned.add(rs.getString(1));
          }
        }
        return churned;
      }
    });
  }
}
