package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures the weekly report's sections read, each one statement over the whole portfolio
 * (docs/reports.md). A week is {@code [from, to)}: UTC days for health, the data day of signals
 * (the day of the data they were found on, metadata {@code asOf}), instants from midnight UTC for
 * tickets.
 */
@Singleton
public class WeeklyReportFigures {
  private static final String HEALTH_BANDS = SqlFiles.read("report/health_bands.sql");
  private static final String AT_RISK = SqlFiles.read("report/at_risk.sql");
  private static final String SIGNALS = SqlFiles.read("report/signals.sql");
  private static final String TICKET_CATEGORIES = SqlFiles.read("report/ticket_categories.sql");
  private static final String FEATURE_REQUESTS = SqlFiles.read("report/feature_requests.sql");
  private static final String SCORED_DAYS =
      "SELECT EXISTS (SELECT 1 FROM customer_health WHERE as_of >= ? AND as_of < ?)";

  private final Sql sql;

  public WeeklyReportFigures(Sql sql) {
    this.sql = sql;
  }

  public record Bands(int green, int yellow, int red, int unscored) {}

  public Bands bands(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(HEALTH_BANDS)) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Bands(rs.getInt("green"), rs.getInt("yellow"), rs.getInt("red"), rs.getInt("unscored"));
        }
      }
    });
  }

  /** Whether any customer has a health day in {@code [from, to)}: without one the week cannot be reported. */
  public boolean anyScoredDay(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(SCORED_DAYS)) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
    });
  }

  public record AtRiskCustomer(String customerId, String name, BigDecimal arr, String csmId, Integer score, String band,
      String trend, String reason, boolean escalated) {}

  /** {@code total} and {@code arr} count every customer, {@code customers} the first {@code limit}. */
  public record Listed<T>(int total, BigDecimal arr, List<T> customers) {}

  public Listed<AtRiskCustomer> atRisk(LocalDate from, LocalDate to, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(AT_RISK)) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        ps.setDate(3, Date.valueOf(from));
        ps.setDate(4, Date.valueOf(to));
        ps.setInt(5, limit);
        List<AtRiskCustomer> rows = new ArrayList<>();
        int total = 0;
        BigDecimal arr = BigDecimal.ZERO;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            total = rs.getInt("total");
            arr = rs.getBigDecimal("arr_total");
            rows.add(new AtRiskCustomer(rs.getString("id"), rs.getString("name"), rs.getBigDecimal("arr"),
                rs.getString("csm_id"), JdbcValues.nullableInt(rs, "score"), rs.getString("band"), rs.getString("trend"),
                rs.getString("most_impactful"), rs.getBoolean("escalated")));
          }
        }
        return new Listed<>(total, arr, List.copyOf(rows));
      }
    });
  }

  public record SignalledCustomer(String customerId, String name, BigDecimal arr, String csmId, String severity,
      Instant signalledAt, String reason) {}

  public Listed<SignalledCustomer> signals(String type, LocalDate from, LocalDate to, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(SIGNALS)) {
        ps.setString(1, type);
        ps.setDate(2, Date.valueOf(from));
        ps.setDate(3, Date.valueOf(to));
        ps.setInt(4, limit);
        List<SignalledCustomer> rows = new ArrayList<>();
        int total = 0;
        BigDecimal arr = BigDecimal.ZERO;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            total = rs.getInt("total");
            arr = rs.getBigDecimal("arr_total");
            rows.add(new SignalledCustomer(rs.getString("id"), rs.getString("name"), rs.getBigDecimal("arr"),
                rs.getString("csm_id"), rs.getString("severity"), JdbcValues.instant(rs, "created_at"),
                rs.getString("reason")));
          }
        }
        return new Listed<>(total, arr, List.copyOf(rows));
      }
    });
  }

  public record CategoryCount(String category, int tickets, int customers, BigDecimal arr, int previousTickets) {}

  /** The categories of {@code [from, to)}, beside their count in the week before. */
  public List<CategoryCount> ticketCategories(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(TICKET_CATEGORIES)) {
        ps.setTimestamp(1, midnight(from));
        ps.setTimestamp(2, midnight(to));
        ps.setTimestamp(3, midnight(from.minusDays(7)));
        ps.setTimestamp(4, midnight(from));
        List<CategoryCount> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new CategoryCount(rs.getString("category"), rs.getInt("tickets"), rs.getInt("customers"),
                rs.getBigDecimal("arr"), rs.getInt("previous_tickets")));
          }
        }
        return List.copyOf(rows);
      }
    });
  }

  public record FeatureRequest(String ticketId, String subject, String status, Instant openedAt, String customerId,
      String customerName, BigDecimal arr, String segment, String plan, String healthBand) {}

  public List<FeatureRequest> featureRequests(LocalDate from, LocalDate to, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(FEATURE_REQUESTS)) {
        ps.setTimestamp(1, midnight(from));
        ps.setTimestamp(2, midnight(to));
        ps.setInt(3, limit);
        List<FeatureRequest> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new FeatureRequest(rs.getString("id"), rs.getString("subject"), rs.getString("status"),
                JdbcValues.instant(rs, "opened_at"), rs.getString("customer_id"), rs.getString("name"),
                rs.getBigDecimal("arr"), rs.getString("segment"), rs.getString("plan"), rs.getString("health_band")));
          }
        }
        return List.copyOf(rows);
      }
    });
  }

  private static Timestamp midnight(LocalDate day) throws SQLException {
    return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
