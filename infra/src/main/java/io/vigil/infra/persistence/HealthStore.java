package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;
import static io.vigil.infra.persistence.JdbcValues.localDate;
import static io.vigil.infra.persistence.JdbcValues.nullableInt;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each day's health per customer ({@code customer_health}), the newest day's score, band and trend
 * on {@code customers} for existing readers and the summary, and the reads of the health API.
 */
@Singleton
public class HealthStore {
  private static final String COLUMNS = "customer_id, as_of, score, band, trend, engagement, sentiment, growth, "
      + "components::text AS components, missing, most_impactful, computed_at";

  private final Sql sql;

  public HealthStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * Stores the days' rows in one statement. A row computed earlier than the one stored (its
   * transaction began before) does not replace it, so a sweep page that read its inputs before a
   * check-in recorded a drop cannot undo the check-in's recomputation. Then the customers whose
   * newest day this is get its score (when there is one), band and trend.
   */
  public int save(Connection connection, LocalDate asOf, List<DailyHealth> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    int stored;
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO customer_health (customer_id, as_of, score, band, trend, engagement, sentiment, growth, components,
          missing, most_impactful, computed_at)
        SELECT r.customer_id, ?, r.score, r.band, r.trend, r.engagement, r.sentiment, r.growth, CAST(r.components AS jsonb),
               CAST(r.missing AS text[]), r.most_impactful, now()
        FROM unnest(CAST(? AS text[]), CAST(? AS int[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS numeric[]),
                    CAST(? AS numeric[]), CAST(? AS numeric[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]))
          AS r (customer_id, score, band, trend, engagement, sentiment, growth, components, missing, most_impactful)
        ON CONFLICT (customer_id, as_of) DO UPDATE SET score = EXCLUDED.score, band = EXCLUDED.band,
          trend = EXCLUDED.trend, engagement = EXCLUDED.engagement, sentiment = EXCLUDED.sentiment,
          growth = EXCLUDED.growth, components = EXCLUDED.components, missing = EXCLUDED.missing,
          most_impactful = EXCLUDED.most_impactful, computed_at = EXCLUDED.computed_at
        WHERE customer_health.computed_at <= EXCLUDED.computed_at""")) {
      ps.setDate(1, Date.valueOf(asOf));
      ps.setArray(2, array(connection, "text", rows.stream().map(DailyHealth::customerId)));
      ps.setArray(3, array(connection, "int4", rows.stream().map(DailyHealth::score)));
      ps.setArray(4, array(connection, "text", rows.stream().map(DailyHealth::band)));
      ps.setArray(5, array(connection, "text", rows.stream().map(DailyHealth::trend)));
      ps.setArray(6, array(connection, "numeric", rows.stream().map(DailyHealth::engagement)));
      ps.setArray(7, array(connection, "numeric", rows.stream().map(DailyHealth::sentiment)));
      ps.setArray(8, array(connection, "numeric", rows.stream().map(DailyHealth::growth)));
      ps.setArray(9, array(connection, "text", rows.stream().map(DailyHealth::componentsJson)));
      // each row's list as a text[] literal, since unnest cannot take an array of arrays of different lengths
      ps.setArray(10, array(connection, "text", rows.stream().map(r -> PgArrays.literal(r.missing()))));
      ps.setArray(11, array(connection, "text", rows.stream().map(DailyHealth::mostImpactful)));
      stored = ps.executeUpdate();
    }
    try (PreparedStatement ps = connection.prepareStatement("""
        UPDATE customers c SET health_score = coalesce(h.score, c.health_score), health_band = h.band,
          health_trend = h.trend, health_as_of = h.as_of
        FROM customer_health h
        WHERE h.customer_id = c.id AND h.as_of = ? AND c.id = ANY(?)
          AND (c.health_as_of IS NULL OR c.health_as_of <= h.as_of)""")) {
      ps.setDate(1, Date.valueOf(asOf));
      ps.setArray(2, array(connection, "text", rows.stream().map(DailyHealth::customerId)));
      ps.executeUpdate();
    }
    return stored;
  }

  /** Each customer's average score over [from, to] (days with a score), for the trend. */
  public Map<String, Double> averageScores(Connection connection, Collection<String> customerIds, LocalDate from,
      LocalDate to) throws SQLException {
    Map<String, Double> averages = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT customer_id, avg(score) FROM customer_health
        WHERE customer_id = ANY(?) AND as_of BETWEEN ? AND ? AND score IS NOT NULL
        GROUP BY customer_id""")) {
      ps.setArray(1, connection.createArrayOf("text", customerIds.toArray()));
      ps.setDate(2, Date.valueOf(from));
      ps.setDate(3, Date.valueOf(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          averages.put(rs.getString(1), rs.getDouble(2));
        }
      }
    }
    return averages;
  }

  /** The newest day with a usage rollup for the customer, not after {@code notAfter}. */
  public Optional<LocalDate> newestUsageDay(String customerId, LocalDate notAfter) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT max(metric_date) FROM usage_metrics WHERE customer_id = ? AND metric_date <= ?")) {
        ps.setString(1, customerId);
        ps.setDate(2, Date.valueOf(notAfter));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return Optional.ofNullable(localDate(rs, 1));
        }
      }
    });
  }

  /** The customer's newest day. */
  public Optional<DailyHealth> latest(String customerId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM customer_health WHERE customer_id = ? ORDER BY as_of DESC LIMIT 1")) {
        ps.setString(1, customerId);
        List<DailyHealth> rows = read(ps);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
      }
    });
  }

  /** The customer's days in [from, to], oldest first. */
  public List<DailyHealth> history(String customerId, LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM customer_health WHERE customer_id = ? AND as_of BETWEEN ? AND ? ORDER BY as_of")) {
        ps.setString(1, customerId);
        ps.setDate(2, Date.valueOf(from));
        ps.setDate(3, Date.valueOf(to));
        return read(ps);
      }
    });
  }

  /** How many customers a band holds and their ARR. */
  public record Band(long customers, BigDecimal arr) {}

  /**
   * Customers and their ARR by newest band ({@code unscored}: no score yet), among {@code csmIds}
   * (null: all) and a segment; a band without customers is absent.
   */
  public Map<String, Band> bands(String csmIdsLiteral, String segment) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT coalesce(health_band, 'unscored'), count(*), coalesce(sum(arr), 0) FROM customers
          WHERE (CAST(? AS text[]) IS NULL OR csm_id = ANY(CAST(? AS text[])))
            AND (CAST(? AS text) IS NULL OR segment = ?)
          GROUP BY 1""")) {
        ps.setString(1, csmIdsLiteral);
        ps.setString(2, csmIdsLiteral);
        ps.setString(3, segment);
        ps.setString(4, segment);
        Map<String, Band> bands = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            bands.put(rs.getString(1), new Band(rs.getLong(2), rs.getBigDecimal(3)));
          }
        }
        return bands;
      }
    });
  }

  /** A customer at risk: red, or yellow and declining; {@code reason} is its newest day's sentence. */
  public record AtRisk(String customerId, String name, BigDecimal arr, int score, String band, String trend,
      LocalDate asOf, String reason, String csmId) {}

  /**
   * The customers at risk by ARR (largest first, then id), {@code limit} of them after the previous
   * page's last ({@code afterArr}, {@code afterId}).
   */
  public List<AtRisk> atRisk(String csmIdsLiteral, String segment, BigDecimal afterArr, String afterId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT c.id, c.name, c.arr, c.health_score, c.health_band, c.health_trend, c.health_as_of, h.most_impactful, c.csm_id
          FROM customers c
          LEFT JOIN customer_health h ON h.customer_id = c.id AND h.as_of = c.health_as_of
          WHERE (c.health_band = 'red' OR (c.health_band = 'yellow' AND c.health_trend = 'declining'))
            AND (CAST(? AS text[]) IS NULL OR c.csm_id = ANY(CAST(? AS text[])))
            AND (CAST(? AS text) IS NULL OR c.segment = ?)
            AND (CAST(? AS numeric) IS NULL OR c.arr < CAST(? AS numeric)
                 OR (c.arr = CAST(? AS numeric) AND c.id > CAST(? AS text)))
          ORDER BY c.arr DESC, c.id LIMIT ?""")) {
        int i = 1;
        ps.setString(i++, csmIdsLiteral);
        ps.setString(i++, csmIdsLiteral);
        ps.setString(i++, segment);
        ps.setString(i++, segment);
        ps.setBigDecimal(i++, afterArr);
        ps.setBigDecimal(i++, afterArr);
        ps.setBigDecimal(i++, afterArr);
        ps.setString(i++, afterId);
        ps.setInt(i, limit);
        List<AtRisk> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new AtRisk(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), localDate(rs, 7), rs.getString(8), rs.getString(9)));
          }
        }
        return rows;
      }
    });
  }

  private static List<DailyHealth> read(PreparedStatement ps) throws SQLException {
    List<DailyHealth> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Array missing = rs.getArray("missing");
        rows.add(new DailyHealth(rs.getString("customer_id"), localDate(rs, "as_of"), nullableInt(rs, "score"),
            rs.getString("band"), rs.getString("trend"), rs.getBigDecimal("engagement"), rs.getBigDecimal("sentiment"),
            rs.getBigDecimal("growth"), rs.getString("components"),
            missing == null ? List.of() : Arrays.asList((String[]) missing.getArray()), rs.getString("most_impactful"),
            instant(rs, "computed_at")));
      }
    }
    return rows;
  }

  private static Array array(Connection connection, String type, java.util.stream.Stream<?> values) throws SQLException {
    return connection.createArrayOf(type, values.toArray());
  }
}
