package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The product managers' adoption report: which features stall, for which segments, and which interventions worked. */
@Singleton
public class AdoptionReports {
  /** The period a report covers when none is asked for: the last 90 days, today included. */
  public static final int DEFAULT_DAYS = 90;

  private static final String FEATURES = SqlFiles.read("adoption/report-features.sql");
  private static final String SEGMENTS = SqlFiles.read("adoption/report-segments.sql");

  private final Sql sql;
  private final String interventionOutcomes;

  public AdoptionReports(Sql sql, AdoptionRules rules) {
    this.sql = sql;
    this.interventionOutcomes = SqlFiles.read("adoption/report-interventions.sql", rules.sqlValues());
  }

  public record FeatureStalls(String featureId, String featureName, int importanceScore, int customersTracked,
      int customersStalled, double stallRate, int stalledNow) {}

  public record SegmentStalls(String segment, String featureId, int customersTracked, int customersStalled,
      double stallRate) {}

  /**
   * An intervention worked when, {@link AdoptionRules#followUpDays} on, the score rose by
   * {@link AdoptionRules#interventionWorkedPoints} or more or the feature reached engaged/adopted.
   */
  public record InterventionOutcomes(String interventionType, int total, int measured, int worked,
      Integer effectivenessScore, Double averageScoreChange) {}

  public record AdoptionReport(LocalDate from, LocalDate to, List<FeatureStalls> features, List<SegmentStalls> segments,
      List<InterventionOutcomes> interventions) {}

  /** Which features stall most (customers stalled at any time in [from, to]), for which segments, and which interventions worked. */
  public AdoptionReport report(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      List<FeatureStalls> features = rows(connection, FEATURES, from, to, rs -> {
        int tracked = rs.getInt("tracked");
        int stalled = rs.getInt("stalled");
        return new FeatureStalls(rs.getString("feature_id"), rs.getString("feature_name"),
            rs.getInt("importance_score"), tracked, stalled, rate(stalled, tracked), rs.getInt("stalled_now"));
      });
      List<SegmentStalls> segments = rows(connection, SEGMENTS, from, to, rs -> {
        int tracked = rs.getInt("tracked");
        int stalled = rs.getInt("stalled");
        return new SegmentStalls(rs.getString("segment"), rs.getString("feature_id"), tracked, stalled,
            rate(stalled, tracked));
      });
      List<InterventionOutcomes> interventions = rows(connection, interventionOutcomes, from, to, rs -> {
        int measured = rs.getInt("measured");
        int worked = rs.getInt("worked");
        double average = rs.getDouble("average_change");
        boolean noAverage = rs.wasNull();
        return new InterventionOutcomes(rs.getString("intervention_type"), rs.getInt("total"), measured,
            worked, measured == 0 ? null : (int) Math.round(100.0 * worked / measured),
            noAverage ? null : Math.round(average * 10) / 10.0);
      });
      interventions.sort((a, b) -> Integer.compare(
          b.effectivenessScore() == null ? -1 : b.effectivenessScore(), a.effectivenessScore() == null ? -1 : a.effectivenessScore()));
      return new AdoptionReport(from, to, features, segments, interventions);
    });
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row of a report statement over [from, to], in the statement's order. */
  private static <T> List<T> rows(Connection connection, String statement, LocalDate from, LocalDate to, Row<T> row)
      throws SQLException {
    List<T> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(statement)) {
      ps.setDate(1, Date.valueOf(from));
      ps.setDate(2, Date.valueOf(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row.read(rs));
        }
      }
    }
    return rows;
  }

  private static double rate(int part, int whole) {
    return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
  }
}
