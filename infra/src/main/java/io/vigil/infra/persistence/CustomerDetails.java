package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jakarta.inject.Singleton;

/** What the dashboard's customer page reads besides the API's stores: its daily usage and its survey answers. */
@Singleton
public class CustomerDetails {
  private final Sql sql;

  public CustomerDetails(Sql sql) {
    this.sql = sql;
  }

  public record UsageDay(LocalDate day, int dau, int wau, int mau) {}

  /** The customer's daily rollups from {@code from} to {@code to}, oldest first. */
  public List<UsageDay> usage(String customerId, LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT metric_date, dau, wau, mau FROM usage_metrics
          WHERE customer_id = ? AND metric_date BETWEEN ? AND ? ORDER BY metric_date""")) {
        ps.setString(1, customerId);
        ps.setDate(2, Date.valueOf(from));
        ps.setDate(3, Date.valueOf(to));
        List<UsageDay> days = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            days.add(new UsageDay(rs.getDate(1).toLocalDate(), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
          }
        }
        return days;
      }
    });
  }

  public record SurveyAnswer(String type, int score, String comment, Instant respondedAt) {}

  /** The customer's newest survey answers. */
  public List<SurveyAnswer> surveys(String customerId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT type, score, comment, responded_at FROM survey_responses WHERE customer_id = ?
          ORDER BY responded_at DESC, id LIMIT ?""")) {
        ps.setString(1, customerId);
        ps.setInt(2, limit);
        List<SurveyAnswer> answers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            answers.add(new SurveyAnswer(rs.getString("type"), rs.getInt("score"), rs.getString("comment"),
                instant(rs, "responded_at")));
          }
        }
        return answers;
      }
    });
  }
}
