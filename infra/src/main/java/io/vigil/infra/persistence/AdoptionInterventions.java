package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;
import static io.vigil.infra.persistence.JdbcValues.nullableInt;

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
import java.util.List;

/** Interventions on adopted features: recorded once per key, then measured (docs/adoption.md). */
@Singleton
public class AdoptionInterventions {
  private static final String SELECT = SqlFiles.read("adoption/intervention-select.sql");
  private static final String RECORD = SqlFiles.read("adoption/record-intervention.sql");
  private static final String MARK_SENT = SqlFiles.read("adoption/mark-intervention-sent.sql");
  private static final String MEASURE = SqlFiles.read("adoption/measure-interventions.sql");

  private final Sql sql;
  /** Interventions {@link AdoptionRules#followUpDays} old get the adoption of that day as their outcome. */
  private final String measureDue;

  public AdoptionInterventions(Sql sql, AdoptionRules rules) {
    this.sql = sql;
    this.measureDue = SqlFiles.read("adoption/measure-due-interventions.sql", rules.sqlValues());
  }

  /**
   * Records an intervention on one adopted feature once per key, with the adoption before it, and
   * makes it the feature's latest intervention.
   */
  public InterventionRow recordIntervention(String key, String adoptionId, String type, String details,
      String resourcesJson, String workflowId, Instant sentAt) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(RECORD)) {
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
      try (PreparedStatement ps = connection.prepareStatement(MARK_SENT)) {
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
      try (PreparedStatement ps = connection.prepareStatement(MEASURE)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, workflowId);
        ps.executeUpdate();
      }
      return interventions(connection, "workflow_id = ?", workflowId);
    });
  }

  /** Interventions no workflow measures take the adoption of the day they come due, as {@code day} is rolled up. */
  void measureDueOn(Connection connection, LocalDate day, String customerIdOrNull) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(measureDue)) {
      ps.setDate(1, Date.valueOf(day));
      ps.setString(2, customerIdOrNull);
      ps.setString(3, customerIdOrNull);
      ps.executeUpdate();
    }
  }

  public List<InterventionRow> interventionsOf(String adoptionId) {
    return sql.inTransaction(connection -> interventions(connection, "adoption_id = CAST(? AS uuid)", adoptionId));
  }

  private static List<InterventionRow> interventions(Connection connection, String where, String value) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE " + where + " ORDER BY sent_at, id")) {
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
}
