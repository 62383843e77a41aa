package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.HealthStatements.nullableDouble;

import io.vigil.infra.persistence.UsageEngagementSource.SegmentMedians;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each day's segment medians ({@code health_segment_days}, {@code health_segment_medians}): worked
 * out over every customer once per day and read by every page of the day, instead of once per page.
 * The database deletes a day's medians whenever their inputs change (V170's triggers: the day's
 * rollups, a customer's seats or segment), and the next page works them out again.
 */
@Singleton
public class SegmentMedianStore {
  private static final String SEGMENTS = SqlFiles.read("health/segments.sql",
      Map.of("minPeers", UsageEngagementSource.MIN_SEGMENT_PEERS));

  private final Sql sql;

  public SegmentMedianStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * The day's medians by segment, worked out and stored first when none are stored, in a transaction of
   * their own. It takes the day's lock and the customers' exclusively, so it waits for transactions
   * changing the day's rollups or the customers to end (their triggers hold the same locks shared) and
   * works out from what they committed; a change after it deletes what it stored.
   */
  public Map<String, SegmentMedians> forDay(LocalDate day) {
    return sql.inTransaction(connection -> {
      Optional<Map<String, SegmentMedians>> stored = stored(connection, day);
      if (stored.isPresent()) {
        return stored.get();
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT pg_advisory_xact_lock(hashtext('health_segment_days'), CAST(? AS date) - DATE '2000-01-01')")) {
        ps.setDate(1, Date.valueOf(day));
        ps.execute();
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT pg_advisory_xact_lock(hashtext('health_segment_customers'), 0)")) {
        ps.execute();
      }
      // another page may have stored them while this one waited; each statement from here on sees
      // what the transactions waited for committed
      stored = stored(connection, day);
      if (stored.isPresent()) {
        return stored.get();
      }
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO health_segment_days (day) VALUES (?)")) {
        ps.setDate(1, Date.valueOf(day));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO health_segment_medians (day, segment, users_per_seat, breadth)
          SELECT CAST(? AS date), s.segment, s.users_per_seat, s.breadth FROM (%s) s""".formatted(SEGMENTS))) {
        ps.setDate(1, Date.valueOf(day));
        ps.setDate(2, Date.valueOf(day));
        ps.executeUpdate();
      }
      return stored(connection, day).orElseThrow();
    });
  }

  /** The day's stored medians, or empty when none are stored (never worked out, or their inputs changed since). */
  public Optional<Map<String, SegmentMedians>> stored(Connection connection, LocalDate day) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT m.segment, m.users_per_seat, m.breadth FROM health_segment_days d
        LEFT JOIN health_segment_medians m ON m.day = d.day
        WHERE d.day = ?""")) {
      ps.setDate(1, Date.valueOf(day));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<String, SegmentMedians> medians = new HashMap<>();
        do {
          if (rs.getString("segment") != null) {
            medians.put(rs.getString("segment"), new SegmentMedians(nullableDouble(rs, "users_per_seat"),
                nullableDouble(rs, "breadth")));
          }
        } while (rs.next());
        return Optional.of(medians);
      }
    }
  }

  /** The day's medians worked out on {@code connection} over every customer, not stored. */
  public Map<String, SegmentMedians> compute(Connection connection, LocalDate day) throws SQLException {
    Map<String, SegmentMedians> medians = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(SEGMENTS)) {
      ps.setDate(1, Date.valueOf(day));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          medians.put(rs.getString("segment"), new SegmentMedians(nullableDouble(rs, "users_per_seat"),
              nullableDouble(rs, "breadth")));
        }
      }
    }
    return medians;
  }
}
