package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The detractor follow-ups' rows (V130): claimed at intake, one per detractor NPS answer ever,
 * marked started once their workflow runs, closed with the outcome.
 */
@Singleton
public class DetractorFollowUps {
  private static final String CLAIM = """
      INSERT INTO detractor_follow_ups (response_id, customer_id, score)
      SELECT sr.id, sr.customer_id, sr.score FROM survey_responses sr
      WHERE sr.id = ANY(?) AND sr.type = 'nps' AND sr.score <= ? AND sr.responded_at >= ?
      ORDER BY sr.id
      ON CONFLICT (response_id) DO NOTHING""";
  private static final String UNSTARTED = """
      SELECT f.response_id, f.customer_id, c.name AS customer_name, c.csm_id, f.score, sr.responded_at
      FROM detractor_follow_ups f
      JOIN customers c ON c.id = f.customer_id
      JOIN survey_responses sr ON sr.id = f.response_id
      WHERE f.response_id = ANY(?) AND NOT f.started
      ORDER BY f.response_id""";

  private final Sql sql;

  public DetractorFollowUps(Sql sql) {
    this.sql = sql;
  }

  /** A detractor answer whose follow-up is claimed and not started yet. */
  public record Claim(String responseId, String customerId, String customerName, String csmId, int score,
      Instant respondedAt) {}

  /** What the follow-up tells and replies to: the answer as stored now. */
  public record Answer(String responseId, String customerId, String contactEmail, int score, String comment,
      Instant respondedAt, String featureId) {}

  /**
   * Claims a follow-up for each detractor answer among {@code responseIds} (stored NPS 0-6, answered
   * at or after {@code answeredSince}) that has none yet, and answers the claims of those ids still waiting for their start (a claim whose start
   * was lost to a crash comes back here when the response is posted again).
   */
  public List<Claim> claim(Collection<String> responseIds, Instant answeredSince) {
    return sql.inTransaction(connection -> {
      var ids = connection.createArrayOf("text", responseIds.toArray());
      try (PreparedStatement ps = connection.prepareStatement(CLAIM)) {
        ps.setArray(1, ids);
        ps.setInt(2, SatisfactionScales.DETRACTOR_MAX);
        ps.setTimestamp(3, java.sql.Timestamp.from(answeredSince));
        ps.executeUpdate();
      }
      List<Claim> claims = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(UNSTARTED)) {
        ps.setArray(1, ids);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claims.add(new Claim(rs.getString("response_id"), rs.getString("customer_id"), rs.getString("customer_name"),
                rs.getString("csm_id"), rs.getInt("score"), JdbcValues.instant(rs, "responded_at")));
          }
        }
      }
      return claims;
    });
  }

  public void markStarted(String responseId, String workflowId) {
    sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE detractor_follow_ups SET started = true, workflow_id = ? WHERE response_id = ?")) {
        ps.setString(1, workflowId);
        ps.setString(2, responseId);
        return ps.executeUpdate();
      }
    });
  }

  public Optional<Answer> answer(String responseId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT id, customer_id, contact_email, score, comment, "
          + "responded_at, feature_id FROM survey_responses WHERE id = ?")) {
        ps.setString(1, responseId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new Answer(rs.getString("id"), rs.getString("customer_id"), rs.getString("contact_email"),
              rs.getInt("score"), rs.getString("comment"), JdbcValues.instant(rs, "responded_at"), rs.getString("feature_id")));
        }
      }
    });
  }

  /** Closes the follow-up with its outcome; a retried close changes nothing (answers false). */
  public boolean close(String responseId, String approvalId, String outcome) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("UPDATE detractor_follow_ups SET approval_id = ?, "
          + "outcome = ?, closed_at = now() WHERE response_id = ? AND outcome IS NULL")) {
        ps.setString(1, approvalId);
        ps.setString(2, outcome);
        ps.setString(3, responseId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** The stored outcome of a response's follow-up (empty: none closed, or no follow-up). */
  public Optional<String> outcome(String responseId) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT outcome FROM detractor_follow_ups WHERE response_id = ? AND outcome IS NOT NULL")) {
        ps.setString(1, responseId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }
}
