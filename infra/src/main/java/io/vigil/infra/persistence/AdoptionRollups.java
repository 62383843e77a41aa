package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;
import static io.vigil.infra.persistence.JdbcValues.localDate;
import static io.vigil.infra.persistence.JdbcValues.nullableInt;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feature adoption per customer and feature (PRD-090): the daily rollup from usage events into
 * feature_adoption and its history, by the thresholds of {@link AdoptionRules}. Every statement
 * covers all customers (or one) at once. docs/adoption.md defines the score, the stages and the stalls.
 */
@Singleton
public class AdoptionRollups {
  private static final String ACTIVATE = SqlFiles.read("adoption/activate.sql");
  private static final String ADOPTION_SELECT = SqlFiles.read("adoption/adoption-select.sql");
  private static final String WEEKLY_SCORES = SqlFiles.read("adoption/weekly-scores.sql");
  private static final String USERS_OF = SqlFiles.read("adoption/users-of.sql");

  private final Sql sql;
  private final AdoptionInterventions interventions;
  private final String rollupSql;

  public AdoptionRollups(Sql sql, AdoptionRules rules, AdoptionInterventions interventions) {
    this.sql = sql;
    this.interventions = interventions;
    this.rollupSql = SqlFiles.read("adoption/rollup.sql", rules.sqlValues());
  }

  public record RollUp(LocalDate from, LocalDate to, int rows, int stalled, int recovered) {}

  /**
   * Rolls usage events up into adoption for every day in [from, to] in order, for one customer or
   * all: each day's score, stage and stall from the 14 days ending that day, the stage carried from
   * the day before. Re-running a day gives the same answer.
   */
  public RollUp rollUp(String customerIdOrNull, LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      int rows = 0;
      int stalled = 0;
      int recovered = 0;
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        try (PreparedStatement ps = connection.prepareStatement(rollupSql)) {
          ps.setDate(1, Date.valueOf(day));
          ps.setString(2, customerIdOrNull);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            rows = rs.getInt(1);
            stalled = rs.getInt(2);
            recovered += rs.getInt(3);
          }
        }
        interventions.measureDueOn(connection, day, customerIdOrNull);
      }
      return new RollUp(from, to, rows, stalled, recovered);
    });
  }

  /** Activates a catalog feature for a customer explicitly (the earlier of this and its first use counts). */
  public String activate(String customerId, String featureId, Instant at) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(ACTIVATE)) {
        ps.setString(1, customerId);
        ps.setTimestamp(2, Timestamp.from(at));
        ps.setString(3, featureId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
  }

  public List<FeatureAdoptionRow> findByCustomer(String customerId) {
    return sql.inTransaction(connection -> adoptions(connection, "fa.customer_id = ?", customerId));
  }

  /** The adoption rows of several customers at once (a page of the dashboard's matrix). */
  public List<FeatureAdoptionRow> findByCustomers(Collection<String> customerIds) {
    if (customerIds.isEmpty()) {
      return List.of();
    }
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(ADOPTION_SELECT + " WHERE fa.customer_id = ANY(?)"
          + " ORDER BY c.importance_score DESC, fa.feature_id")) {
        ps.setArray(1, connection.createArrayOf("text", customerIds.toArray()));
        return readAdoptions(ps);
      }
    });
  }

  public Optional<FeatureAdoptionRow> findById(String adoptionId) {
    if (!adoptionId.matches("[0-9a-fA-F-]{36}")) {
      return Optional.empty();
    }
    return sql.inTransaction(connection -> adoptions(connection, "fa.id = CAST(? AS uuid)", adoptionId).stream().findFirst());
  }

  public List<FeatureAdoptionRow> findByIds(Collection<String> adoptionIds) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(ADOPTION_SELECT + " WHERE fa.id = ANY(CAST(? AS uuid[]))"
          + " ORDER BY c.importance_score DESC, fa.feature_id")) {
        ps.setArray(1, connection.createArrayOf("text", adoptionIds.toArray()));
        return readAdoptions(ps);
      }
    });
  }

  private static List<FeatureAdoptionRow> adoptions(Connection connection, String where, String value) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(ADOPTION_SELECT + " WHERE " + where
        + " ORDER BY c.importance_score DESC, fa.feature_id")) {
      ps.setString(1, value);
      return readAdoptions(ps);
    }
  }

  private static List<FeatureAdoptionRow> readAdoptions(PreparedStatement ps) throws SQLException {
    List<FeatureAdoptionRow> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new FeatureAdoptionRow(rs.getString("id"), rs.getString("customer_id"), rs.getString("feature_id"),
            rs.getString("feature_name"), rs.getInt("importance_score"), instant(rs, "activated_at"),
            rs.getString("activation_source"), instant(rs, "last_used_at"), rs.getInt("usage_count"),
            rs.getInt("feature_users"), rs.getInt("active_users"), rs.getInt("usage_score"), rs.getString("stage"),
            localDate(rs, "stage_since"), localDate(rs, "adopted_on"), rs.getInt("expected_adoption_days"),
            rs.getBoolean("is_stalled"), rs.getString("stall_reason"), instant(rs, "stall_detected_at"),
            instant(rs, "recovered_at"), instant(rs, "last_alerted_at"), instant(rs, "intervention_sent_at"),
            rs.getString("intervention_type"), nullableInt(rs, "adoption_after_intervention"),
            localDate(rs, "evaluated_on"), rs.getBigDecimal("arr")));
      }
    }
    return rows;
  }

  public record WeeklyScore(LocalDate weekEnding, int usageScore, String stage) {}

  /** Each feature's score at the end of each of the {@code weeks} weeks ending on {@code asOf}. */
  public Map<String, List<WeeklyScore>> weeklyScores(String customerId, LocalDate asOf, int weeks) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(WEEKLY_SCORES)) {
        ps.setString(1, customerId);
        ps.setDate(2, Date.valueOf(asOf));
        ps.setDate(3, Date.valueOf(asOf));
        ps.setInt(4, weeks);
        ps.setDate(5, Date.valueOf(asOf));
        Map<String, List<WeeklyScore>> scores = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            scores.computeIfAbsent(rs.getString("feature_id"), k -> new ArrayList<>()).add(
                new WeeklyScore(rs.getDate("metric_date").toLocalDate(), rs.getInt("usage_score"), rs.getString("stage")));
          }
        }
        return scores;
      }
    });
  }

  public record UserUse(String userId, Instant firstUse, Instant lastUse, int uses) {}

  /** Who used the feature at this customer, ever, most recent first (at most 50): the gap analysis reads it. */
  public List<UserUse> usersOf(String customerId, String featureId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(USERS_OF)) {
        ps.setString(1, customerId);
        ps.setString(2, featureId);
        List<UserUse> users = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            users.add(new UserUse(rs.getString("user_id"), instant(rs, "first_use"), instant(rs, "last_use"),
                rs.getInt("uses")));
          }
        }
        return users;
      }
    });
  }

  /** The newest day rolled up for the customer, and the day of its first usage event. */
  public record SyncBounds(LocalDate lastEvaluated, LocalDate firstEvent) {}

  public SyncBounds syncBounds(String customerId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT (SELECT max(evaluated_on) FROM feature_adoption WHERE customer_id = ?),
                 (SELECT min((occurred_at AT TIME ZONE 'UTC')::date) FROM usage_events WHERE customer_id = ?)""")) {
        ps.setString(1, customerId);
        ps.setString(2, customerId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new SyncBounds(localDate(rs, 1), localDate(rs, 2));
        }
      }
    });
  }
}
