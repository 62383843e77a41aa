package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feature adoption (PRD-090): the daily rollup from usage events into feature_adoption and its
 * history, the set-based stall query, interventions and the product report. Every statement covers
 * all customers (or one) at once. docs/adoption.md defines the score, the stages and the stalls.
 */
@Singleton
public class AdoptionStore {
  /** A user using a feature on this many distinct days of the 14-day window counts fully. */
  public static final int REGULAR_USE_DAYS = 4;
  public static final int WINDOW_DAYS = 14;

  private final Sql sql;

  public AdoptionStore(Sql sql) {
    this.sql = sql;
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
        try (PreparedStatement ps = connection.prepareStatement(ROLLUP_SQL)) {
          ps.setDate(1, Date.valueOf(day));
          ps.setString(2, customerIdOrNull);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            rows = rs.getInt(1);
            stalled = rs.getInt(2);
            recovered += rs.getInt(3);
          }
        }
        try (PreparedStatement ps = connection.prepareStatement(MEASURE_MANUAL_SQL)) {
          ps.setDate(1, Date.valueOf(day));
          ps.setString(2, customerIdOrNull);
          ps.setString(3, customerIdOrNull);
          ps.executeUpdate();
        }
      }
      return new RollUp(from, to, rows, stalled, recovered);
    });
  }

  private static final String ROLLUP_SQL = """
      WITH b AS (
        SELECT CAST(? AS date) AS d, CAST(? AS text) AS cust),
      bounds AS (
        SELECT d, cust, ((d - 13)::timestamp AT TIME ZONE 'UTC') AS w_start, ((d + 1)::timestamp AT TIME ZONE 'UTC') AS w_end
        FROM b),
      win AS (
        SELECT e.customer_id, e.user_id, e.event_type, e.feature_id, e.occurred_at,
               (e.occurred_at AT TIME ZONE 'UTC')::date AS day
        FROM usage_events e, bounds
        WHERE e.occurred_at >= bounds.w_start AND e.occurred_at < bounds.w_end
          AND (bounds.cust IS NULL OR e.customer_id = bounds.cust)),
      active AS (SELECT customer_id, count(DISTINCT user_id) AS users FROM win GROUP BY customer_id),
      per_user AS (
        SELECT customer_id, feature_id, user_id, count(DISTINCT day) AS days, count(*) AS uses,
               min(occurred_at) AS first_use, max(occurred_at) AS last_use
        FROM win WHERE event_type = 'feature_used' AND feature_id IS NOT NULL
        GROUP BY customer_id, feature_id, user_id),
      feat AS (
        SELECT customer_id, feature_id, count(*) AS users, sum(uses) AS uses,
               sum(least(1.0, days / %1$d.0)) AS weighted, min(first_use) AS first_use, max(last_use) AS last_use
        FROM per_user GROUP BY customer_id, feature_id),
      fresh AS (
        SELECT f.customer_id, f.feature_id FROM feat f
        LEFT JOIN feature_adoption fa ON fa.customer_id = f.customer_id AND fa.feature_id = f.feature_id
        WHERE fa.id IS NULL OR fa.evaluated_on IS NULL
        UNION
        SELECT fa.customer_id, fa.feature_id FROM feature_adoption fa, bounds
        WHERE fa.evaluated_on IS NULL AND (bounds.cust IS NULL OR fa.customer_id = bounds.cust)),
      -- a pair rolled up for the first time looks back past the window once, for its first (activating) use
      earlier AS (
        SELECT e.customer_id, e.feature_id, min(e.occurred_at) AS first_use, max(e.occurred_at) AS last_use
        FROM usage_events e
        JOIN fresh ON fresh.customer_id = e.customer_id AND fresh.feature_id = e.feature_id
        CROSS JOIN bounds
        WHERE e.event_type = 'feature_used' AND e.occurred_at < bounds.w_end
        GROUP BY e.customer_id, e.feature_id),
      tracked AS (
        SELECT customer_id, feature_id FROM feat
        UNION
        SELECT fa.customer_id, fa.feature_id FROM feature_adoption fa, bounds
        WHERE bounds.cust IS NULL OR fa.customer_id = bounds.cust),
      base AS (
        SELECT t.customer_id, t.feature_id, c.feature_name, c.expected_adoption_days, bounds.d, bounds.w_end,
               LEAST(fa.activated_at, f.first_use, ea.first_use) AS activated_at,
               CASE WHEN fa.activated_at IS NOT NULL AND (LEAST(f.first_use, ea.first_use) IS NULL
                         OR fa.activated_at <= LEAST(f.first_use, ea.first_use))
                    THEN fa.activation_source ELSE 'first_use' END AS activation_source,
               GREATEST(fa.last_used_at, f.last_use, ea.last_use) AS last_used_at,
               coalesce(f.uses, 0)::int AS uses, coalesce(f.users, 0)::int AS feature_users,
               coalesce(a.users, 0)::int AS active_users,
               CASE WHEN coalesce(a.users, 0) = 0 OR f.weighted IS NULL THEN 0
                    ELSE least(100, round(100.0 * f.weighted / a.users
                         / coalesce((c.segment_benchmarks ->> cu.segment)::numeric, c.target_share)))::int END AS score,
               (f.uses IS NOT NULL OR ea.last_use IS NOT NULL OR coalesce(fa.last_used_at < bounds.w_end, false)) AS used_ever,
               coalesce(h.stage, CASE WHEN fa.evaluated_on < bounds.d THEN fa.stage END) AS prev_stage,
               coalesce(h.stage_since, CASE WHEN fa.evaluated_on < bounds.d THEN fa.stage_since END) AS prev_stage_since,
               coalesce(h.adopted_on, CASE WHEN fa.evaluated_on < bounds.d THEN fa.adopted_on END) AS prev_adopted_on,
               coalesce(h.is_stalled, fa.evaluated_on < bounds.d AND fa.is_stalled, false) AS prev_stalled,
               coalesce(h.stalled_since, CASE WHEN fa.evaluated_on < bounds.d
                    THEN (fa.stall_detected_at AT TIME ZONE 'UTC')::date END) AS prev_stalled_since
        FROM tracked t
        CROSS JOIN bounds
        JOIN feature_catalog c ON c.feature_id = t.feature_id
        JOIN customers cu ON cu.id = t.customer_id
        LEFT JOIN feat f ON f.customer_id = t.customer_id AND f.feature_id = t.feature_id
        LEFT JOIN active a ON a.customer_id = t.customer_id
        LEFT JOIN earlier ea ON ea.customer_id = t.customer_id AND ea.feature_id = t.feature_id
        LEFT JOIN feature_adoption fa ON fa.customer_id = t.customer_id AND fa.feature_id = t.feature_id
        LEFT JOIN feature_adoption_daily h
          ON h.metric_date = bounds.d - 1 AND h.customer_id = t.customer_id AND h.feature_id = t.feature_id),
      staged AS (
        SELECT base.*,
               CASE WHEN activated_at < w_end THEN d - (activated_at AT TIME ZONE 'UTC')::date END AS days_since_activation,
               CASE WHEN score >= 60 THEN 'adopted'
                    WHEN uses = 0 AND prev_adopted_on IS NOT NULL THEN 'churned'
                    WHEN uses = 0 AND NOT used_ever THEN 'not_started'
                    WHEN score < 20 THEN 'started'
                    ELSE 'engaged' END AS stage
        FROM base),
      judged AS (
        SELECT staged.*,
               -- a stage is not older than the feature's activation: not_started counts from there
               CASE WHEN stage = prev_stage THEN GREATEST(prev_stage_since,
                      CASE WHEN activated_at < w_end THEN (activated_at AT TIME ZONE 'UTC')::date END)
                    ELSE d END AS stage_since,
               coalesce(prev_adopted_on, CASE WHEN stage = 'adopted' THEN d END) AS adopted_on,
               CASE WHEN days_since_activation IS NULL OR prev_adopted_on IS NOT NULL OR stage = 'adopted' THEN NULL
                    WHEN score < 20 AND days_since_activation >= 14 THEN 'low_usage'
                    WHEN score < 30 AND days_since_activation > expected_adoption_days THEN 'behind_timeline'
               END AS stall_reason
        FROM staged),
      final AS (
        SELECT judged.*, stall_reason IS NOT NULL AS is_stalled,
               CASE WHEN stall_reason IS NOT NULL THEN
                 CASE WHEN prev_stalled THEN coalesce(prev_stalled_since, d) ELSE d END END AS stalled_since,
               prev_stalled AND stall_reason IS NULL AS recovered
        FROM judged),
      hist AS (
        INSERT INTO feature_adoption_daily (customer_id, feature_id, metric_date, usage_score, stage, stage_since, adopted_on,
          uses, feature_users, active_users, days_since_activation, is_stalled, stall_reason, stalled_since)
        SELECT customer_id, feature_id, d, score, stage, stage_since, adopted_on, uses, feature_users, active_users,
               days_since_activation, is_stalled, stall_reason, stalled_since
        FROM final
        ON CONFLICT (metric_date, customer_id, feature_id) DO UPDATE SET usage_score = EXCLUDED.usage_score,
          stage = EXCLUDED.stage, stage_since = EXCLUDED.stage_since, adopted_on = EXCLUDED.adopted_on,
          uses = EXCLUDED.uses, feature_users = EXCLUDED.feature_users, active_users = EXCLUDED.active_users,
          days_since_activation = EXCLUDED.days_since_activation, is_stalled = EXCLUDED.is_stalled,
          stall_reason = EXCLUDED.stall_reason, stalled_since = EXCLUDED.stalled_since
        RETURNING 1),
      cur AS (
        INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source, last_used_at,
          usage_count, feature_users, active_users, usage_score, stage, stage_since, adopted_on, expected_adoption_days,
          is_stalled, stall_reason, stall_detected_at, recovered_at, evaluated_on)
        SELECT customer_id, feature_id, feature_name, activated_at,
               CASE WHEN activated_at IS NULL THEN NULL ELSE activation_source END, last_used_at, uses, feature_users,
               active_users, score, stage, stage_since, adopted_on, expected_adoption_days, is_stalled, stall_reason,
               CASE WHEN is_stalled THEN stalled_since::timestamp AT TIME ZONE 'UTC' END,
               CASE WHEN recovered THEN d::timestamp AT TIME ZONE 'UTC' END, d
        FROM final
        ON CONFLICT (customer_id, feature_id) DO UPDATE SET feature_name = EXCLUDED.feature_name,
          activated_at = EXCLUDED.activated_at, activation_source = EXCLUDED.activation_source,
          last_used_at = EXCLUDED.last_used_at, usage_count = EXCLUDED.usage_count,
          feature_users = EXCLUDED.feature_users, active_users = EXCLUDED.active_users,
          usage_score = EXCLUDED.usage_score, stage = EXCLUDED.stage, stage_since = EXCLUDED.stage_since,
          adopted_on = EXCLUDED.adopted_on, expected_adoption_days = EXCLUDED.expected_adoption_days,
          is_stalled = EXCLUDED.is_stalled, stall_reason = EXCLUDED.stall_reason,
          stall_detected_at = EXCLUDED.stall_detected_at,
          recovered_at = coalesce(EXCLUDED.recovered_at, feature_adoption.recovered_at),
          evaluated_on = EXCLUDED.evaluated_on, updated_at = now()
        WHERE feature_adoption.evaluated_on IS NULL OR feature_adoption.evaluated_on <= EXCLUDED.evaluated_on
        RETURNING 1),
      rec AS (
        INSERT INTO agent_activity_log (idempotency_key, customer_id, action, details)
        SELECT 'adoption/' || customer_id || '@' || d || '/recovered/' || feature_id, customer_id, 'adoption_recovered',
               jsonb_build_object('featureId', feature_id, 'featureName', feature_name, 'stage', stage,
                 'usageScore', score, 'stalledSince', prev_stalled_since, 'recoveredOn', d)
        FROM final WHERE recovered
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING 1)
      SELECT (SELECT count(*) FROM final), (SELECT count(*) FROM final WHERE is_stalled),
             (SELECT count(*) FROM final WHERE recovered)""".formatted(REGULAR_USE_DAYS);

  /** Interventions 14 days old get the adoption of that day as their outcome (the workflow measures its own). */
  private static final String MEASURE_MANUAL_SQL = """
      WITH m AS (
        UPDATE adoption_interventions i SET score_after = d.usage_score, stage_after = d.stage,
          measured_at = d.metric_date::timestamp AT TIME ZONE 'UTC'
        FROM feature_adoption_daily d
        WHERE d.metric_date = CAST(? AS date) AND d.customer_id = i.customer_id AND d.feature_id = i.feature_id
          AND i.score_after IS NULL AND i.sent_at < ((d.metric_date - 13)::timestamp AT TIME ZONE 'UTC')
          AND (CAST(? AS text) IS NULL OR i.customer_id = ?)
        RETURNING i.adoption_id, i.score_after)
      UPDATE feature_adoption fa SET adoption_after_intervention = m.score_after FROM m WHERE fa.id = m.adoption_id""";

  /** Activates a catalog feature for a customer explicitly (the earlier of this and its first use counts). */
  public String activate(String customerId, String featureId, Instant at) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO feature_adoption (customer_id, feature_id, feature_name, activated_at, activation_source,
            expected_adoption_days)
          SELECT ?, feature_id, feature_name, ?, 'explicit', expected_adoption_days FROM feature_catalog WHERE feature_id = ?
          ON CONFLICT (customer_id, feature_id) DO UPDATE SET
            activation_source = CASE WHEN feature_adoption.activated_at IS NULL OR EXCLUDED.activated_at < feature_adoption.activated_at
              THEN 'explicit' ELSE feature_adoption.activation_source END,
            activated_at = LEAST(feature_adoption.activated_at, EXCLUDED.activated_at), updated_at = now()
          RETURNING id::text""")) {
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

  /** The stalled features on {@code asOf} (as rolled up for that day), most important first per customer. */
  public List<StallRow> findStalls(LocalDate asOf, String customerIdOrNull) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT d.customer_id, cu.name, cu.csm_id, cu.segment, cu.arr, fa.id::text AS adoption_id, d.feature_id,
                 c.feature_name, c.importance_score, c.expected_adoption_days, d.usage_score, d.stage, d.stage_since,
                 d.days_since_activation, d.stall_reason, d.stalled_since, fa.last_alerted_at, fa.intervention_sent_at,
                 fa.intervention_type
          FROM feature_adoption_daily d
          JOIN feature_adoption fa ON fa.customer_id = d.customer_id AND fa.feature_id = d.feature_id
          JOIN feature_catalog c ON c.feature_id = d.feature_id
          JOIN customers cu ON cu.id = d.customer_id
          WHERE d.metric_date = ? AND d.is_stalled AND (CAST(? AS text) IS NULL OR d.customer_id = ?)
          ORDER BY d.customer_id, c.importance_score DESC, d.usage_score, d.feature_id""")) {
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

  public List<FeatureAdoptionRow> findByCustomer(String customerId) {
    return sql.inTransaction(connection -> adoptions(connection, "fa.customer_id = ?", customerId));
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

  private static final String ADOPTION_SELECT = """
      SELECT fa.id::text AS id, fa.customer_id, fa.feature_id, fa.feature_name, c.importance_score, fa.activated_at,
             fa.activation_source, fa.last_used_at, fa.usage_count, fa.feature_users, fa.active_users, fa.usage_score,
             fa.stage, fa.stage_since, fa.adopted_on, fa.expected_adoption_days, fa.is_stalled, fa.stall_reason,
             fa.stall_detected_at, fa.recovered_at, fa.last_alerted_at, fa.intervention_sent_at, fa.intervention_type,
             fa.adoption_after_intervention, fa.evaluated_on, cu.arr
      FROM feature_adoption fa
      JOIN feature_catalog c ON c.feature_id = fa.feature_id
      JOIN customers cu ON cu.id = fa.customer_id""";

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
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT feature_id, metric_date, usage_score, stage FROM feature_adoption_daily
          WHERE customer_id = ? AND metric_date <= ? AND metric_date > CAST(? AS date) - 7 * ?
            AND (CAST(? AS date) - metric_date) % 7 = 0
          ORDER BY feature_id, metric_date""")) {
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
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT user_id, min(occurred_at) AS first_use, max(occurred_at) AS last_use, count(*) AS uses
          FROM usage_events WHERE customer_id = ? AND feature_id = ? AND event_type = 'feature_used'
          GROUP BY user_id ORDER BY max(occurred_at) DESC, user_id LIMIT 50""")) {
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

  /**
   * Records an intervention on one adopted feature once per key, with the adoption before it, and
   * makes it the feature's latest intervention.
   */
  public InterventionRow recordIntervention(String key, String adoptionId, String type, String details,
      String resourcesJson, String workflowId, Instant sentAt) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO adoption_interventions (idempotency_key, adoption_id, customer_id, feature_id, intervention_type,
            details, resources_shared, workflow_id, stage_before, score_before, sent_at)
          SELECT ?, id, customer_id, feature_id, ?, ?, CAST(? AS jsonb), ?, stage, usage_score, ?
          FROM feature_adoption WHERE id = CAST(? AS uuid)
          ON CONFLICT (idempotency_key) DO NOTHING""")) {
        int i = 0;
        ps.setString(++i, key);
        ps.setString(++i, type);
        if (details == null) {
          ps.setNull(++i, Types.VARCHAR);
        } else {
          ps.setString(++i, details);
        }
        ps.setString(++i, resourcesJson);
        if (workflowId == null) {
          ps.setNull(++i, Types.VARCHAR);
        } else {
          ps.setString(++i, workflowId);
        }
        ps.setTimestamp(++i, Timestamp.from(sentAt));
        ps.setString(++i, adoptionId);
        ps.executeUpdate();
      }
      InterventionRow row = interventions(connection, "idempotency_key = ?", key).get(0);
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE feature_adoption SET intervention_sent_at = ?, intervention_type = ?, updated_at = now()
          WHERE id = CAST(? AS uuid) AND (intervention_sent_at IS NULL OR intervention_sent_at <= ?)""")) {
        ps.setTimestamp(1, Timestamp.from(row.sentAt()));
        ps.setString(2, row.interventionType());
        ps.setString(3, adoptionId);
        ps.setTimestamp(4, Timestamp.from(row.sentAt()));
        ps.executeUpdate();
      }
      return row;
    });
  }

  /**
   * The workflow's follow-up: the interventions it sent (not yet measured) take the features'
   * current adoption as their outcome, as does each feature's adoption_after_intervention.
   */
  public List<InterventionRow> measureInterventions(String workflowId, Instant at) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH m AS (
            UPDATE adoption_interventions i SET score_after = fa.usage_score, stage_after = fa.stage, measured_at = ?
            FROM feature_adoption fa
            WHERE fa.id = i.adoption_id AND i.workflow_id = ? AND i.score_after IS NULL
            RETURNING i.adoption_id, i.score_after)
          UPDATE feature_adoption fa SET adoption_after_intervention = m.score_after FROM m WHERE fa.id = m.adoption_id""")) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, workflowId);
        ps.executeUpdate();
      }
      return interventions(connection, "workflow_id = ?", workflowId);
    });
  }

  public List<InterventionRow> interventionsOf(String adoptionId) {
    return sql.inTransaction(connection -> interventions(connection, "adoption_id = CAST(? AS uuid)", adoptionId));
  }

  private static List<InterventionRow> interventions(Connection connection, String where, String value) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        SELECT id, adoption_id::text AS adoption_id, customer_id, feature_id, intervention_type, details,
               resources_shared::text AS resources_shared, workflow_id, stage_before, score_before, sent_at, score_after,
               stage_after, measured_at
        FROM adoption_interventions""" + " WHERE " + where + " ORDER BY sent_at, id")) {
      ps.setString(1, value);
      List<InterventionRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new InterventionRow(rs.getLong("id"), rs.getString("adoption_id"), rs.getString("customer_id"),
              rs.getString("feature_id"), rs.getString("intervention_type"), rs.getString("details"),
              rs.getString("resources_shared"), rs.getString("workflow_id"), rs.getString("stage_before"),
              rs.getInt("score_before"), instant(rs, "sent_at"), nullableInt(rs, "score_after"),
              rs.getString("stage_after"), instant(rs, "measured_at")));
        }
      }
      return rows;
    }
  }

  // ------------------------------------------------------------------ the product managers' report

  public record FeatureStalls(String featureId, String featureName, int importanceScore, int customersTracked,
      int customersStalled, double stallRate, int stalledNow) {}

  public record SegmentStalls(String segment, String featureId, int customersTracked, int customersStalled,
      double stallRate) {}

  /** An intervention worked when, 14 days on, the score rose by 10 points or more or the feature reached engaged/adopted. */
  public record InterventionOutcomes(String interventionType, int total, int measured, int worked,
      Integer effectivenessScore, Double averageScoreChange) {}

  public record AdoptionReport(LocalDate from, LocalDate to, List<FeatureStalls> features, List<SegmentStalls> segments,
      List<InterventionOutcomes> interventions) {}

  /** Which features stall most (customers stalled at any time in [from, to]), for which segments, and which interventions worked. */
  public AdoptionReport report(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      List<FeatureStalls> features = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT c.feature_id, c.feature_name, c.importance_score,
                 count(DISTINCT d.customer_id) AS tracked,
                 count(DISTINCT d.customer_id) FILTER (WHERE d.is_stalled) AS stalled,
                 (SELECT count(*) FROM feature_adoption fa WHERE fa.feature_id = c.feature_id AND fa.is_stalled) AS stalled_now
          FROM feature_catalog c
          JOIN feature_adoption_daily d ON d.feature_id = c.feature_id AND d.metric_date BETWEEN ? AND ?
          GROUP BY c.feature_id, c.feature_name, c.importance_score
          ORDER BY stalled DESC, c.importance_score DESC, c.feature_id""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int tracked = rs.getInt("tracked");
            int stalled = rs.getInt("stalled");
            features.add(new FeatureStalls(rs.getString("feature_id"), rs.getString("feature_name"),
                rs.getInt("importance_score"), tracked, stalled, rate(stalled, tracked), rs.getInt("stalled_now")));
          }
        }
      }
      List<SegmentStalls> segments = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT cu.segment, d.feature_id, count(DISTINCT d.customer_id) AS tracked,
                 count(DISTINCT d.customer_id) FILTER (WHERE d.is_stalled) AS stalled
          FROM feature_adoption_daily d JOIN customers cu ON cu.id = d.customer_id
          WHERE d.metric_date BETWEEN ? AND ?
          GROUP BY cu.segment, d.feature_id
          ORDER BY stalled DESC, cu.segment, d.feature_id""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int tracked = rs.getInt("tracked");
            int stalled = rs.getInt("stalled");
            segments.add(new SegmentStalls(rs.getString("segment"), rs.getString("feature_id"), tracked, stalled,
                rate(stalled, tracked)));
          }
        }
      }
      List<InterventionOutcomes> interventions = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement("""
          WITH i AS (
            SELECT intervention_type, score_after IS NOT NULL AS measured, score_after - score_before AS change,
                   score_after IS NOT NULL AND (score_after - score_before >= 10
                     OR (stage_after IN ('engaged', 'adopted') AND stage_before NOT IN ('engaged', 'adopted'))) AS worked
            FROM adoption_interventions
            WHERE sent_at >= (CAST(? AS date)::timestamp AT TIME ZONE 'UTC')
              AND sent_at < ((CAST(? AS date) + 1)::timestamp AT TIME ZONE 'UTC'))
          SELECT intervention_type, count(*) AS total, count(*) FILTER (WHERE measured) AS measured,
                 count(*) FILTER (WHERE worked) AS worked, avg(change) AS average_change
          FROM i GROUP BY intervention_type ORDER BY intervention_type""")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int measured = rs.getInt("measured");
            int worked = rs.getInt("worked");
            double average = rs.getDouble("average_change");
            boolean noAverage = rs.wasNull();
            interventions.add(new InterventionOutcomes(rs.getString("intervention_type"), rs.getInt("total"), measured,
                worked, measured == 0 ? null : (int) Math.round(100.0 * worked / measured),
                noAverage ? null : Math.round(average * 10) / 10.0));
          }
        }
      }
      interventions.sort((a, b) -> Integer.compare(
          b.effectivenessScore() == null ? -1 : b.effectivenessScore(), a.effectivenessScore() == null ? -1 : a.effectivenessScore()));
      return new AdoptionReport(from, to, features, segments, interventions);
    });
  }

  private static double rate(int part, int whole) {
    return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
    Date value = rs.getDate(column);
    return value == null ? null : value.toLocalDate();
  }

  private static LocalDate localDate(ResultSet rs, int column) throws SQLException {
    Date value = rs.getDate(column);
    return value == null ? null : value.toLocalDate();
  }

  private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
