package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** The weekly reports as computed: one row per ISO week, written once, never replaced. */
@Singleton
public class WeeklyReportStore {
  private static final String INSERT = """
      INSERT INTO weekly_reports (week, week_start, content, slack_text, email_text, workflow_id)
      VALUES (?, ?, CAST(? AS json), ?, ?, ?)
      ON CONFLICT (week) DO NOTHING""";
  private static final String FIND =
      "SELECT week, week_start, content::text AS content, slack_text, email_text, workflow_id, computed_at "
          + "FROM weekly_reports WHERE week = ?";

  private final Sql sql;

  public WeeklyReportStore(Sql sql) {
    this.sql = sql;
  }

  public record StoredReport(String week, LocalDate weekStart, String contentJson, String slackText, String emailText,
      String workflowId, Instant computedAt) {}

  /** Stores the report unless one of the week is stored already; answers whether this call stored it. */
  public boolean storeIfAbsent(StoredReport report) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
        ps.setString(1, report.week());
        ps.setDate(2, Date.valueOf(report.weekStart()));
        ps.setString(3, report.contentJson());
        ps.setString(4, report.slackText());
        ps.setString(5, report.emailText());
        ps.setString(6, report.workflowId());
        return ps.executeUpdate() == 1;
      }
    });
  }

  public Optional<StoredReport> find(String week) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(FIND)) {
        ps.setString(1, week);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new StoredReport(rs.getString("week"), JdbcValues.localDate(rs, "week_start"),
              rs.getString("content"), rs.getString("slack_text"), rs.getString("email_text"),
              rs.getString("workflow_id"), JdbcValues.instant(rs, "computed_at")));
        }
      }
    });
  }
}
