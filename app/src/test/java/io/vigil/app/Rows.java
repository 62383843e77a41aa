package io.vigil.app;

import io.vigil.infra.persistence.Sql;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * What tests write straight into the database because no API sets it: a customer's health band as
 * the daily sweep would leave it, an alert's age.
 */
public final class Rows {
  private Rows() {}

  /** {@code score} null leaves the customer's score as it is. */
  public static void band(Sql sql, String customerId, String band, Integer score, String trend) {
    sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE customers SET health_band = ?, health_score = coalesce(CAST(? AS integer), health_score), health_trend = ?"
          + " WHERE id = ?")) {
        ps.setString(1, band);
        if (score == null) {
          ps.setNull(2, Types.INTEGER);
        } else {
          ps.setInt(2, score);
        }
        ps.setString(3, trend);
        ps.setString(4, customerId);
        return ps.executeUpdate();
      }
    });
  }

  /** Runs {@code statement}, whose two parameters are an instant and a row id. */
  public static void at(Sql sql, String statement, Instant at, long id) {
    sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setLong(2, id);
        return ps.executeUpdate();
      }
    });
  }
}
