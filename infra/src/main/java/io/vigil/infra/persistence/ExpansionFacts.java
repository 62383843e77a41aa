package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the expansion rules read (docs/health.md, "Expansion opportunities"): each customer's seat
 * use and usage growth as of a day, and its heavy use of plan features, in one statement each for a
 * page; and the opportunities recorded
 * ({@code expansion_opportunity} risk signals) for {@code GET /api/insights/expansion}.
 */
@Singleton
public class ExpansionFacts {
  public static final String SIGNAL_TYPE = "expansion_opportunity";
  private static final String EVIDENCE = SqlFiles.read("expansion/evidence.sql");
  private static final String FEATURE_USE = SqlFiles.read("expansion/feature_use.sql");

  private final Sql sql;

  public ExpansionFacts(Sql sql) {
    this.sql = sql;
  }

  /**
   * The windows the rules give the statement, in days before (and including) the day: the seat
   * window's length and share in percent, the recent growth window from {@code recentFrom} days
   * before, and the baseline window from {@code baselineFrom} to {@code baselineTo} days before.
   */
  public record Windows(int seatDays, int seatPercent, int recentFrom, int baselineFrom, int baselineTo) {}

  /**
   * One customer's figures as of the day: the days of the seat window with active users (MAU) at
   * or above the share of seats, the lowest share of the window, MAU and seats on the day, the
   * average DAU of the recent and the baseline window (null without a rollup in the window) and the
   * days of each window with a rollup.
   */
  public record Usage(String customerId, int fullSeatDays, BigDecimal lowestSeatShare, Integer activeUsers,
      Integer seats, BigDecimal dauNow, BigDecimal dauThen, int daysNow, int daysThen) {}

  public Map<String, Usage> usage(Collection<String> customerIds, LocalDate asOf, Windows windows) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(connection -> {
      Map<String, Usage> usage = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement(EVIDENCE)) {
        ps.setObject(1, asOf);
        ps.setInt(2, windows.seatDays());
        ps.setInt(3, windows.seatPercent());
        ps.setInt(4, windows.recentFrom());
        ps.setInt(5, windows.baselineFrom());
        ps.setInt(6, windows.baselineTo());
        ps.setArray(7, connection.createArrayOf("text", customerIds.toArray()));
        List<LocalDate> growthDays = new ArrayList<>(CustomerScope.between(asOf.minusDays(windows.baselineFrom()),
            asOf.minusDays(windows.baselineTo())));
        growthDays.addAll(CustomerScope.between(asOf.minusDays(windows.recentFrom()), asOf));
        ps.setArray(8, dates(connection, CustomerScope.between(asOf.minusDays(windows.seatDays() - 1), asOf)));
        ps.setArray(9, dates(connection, growthDays));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString("customer_id");
            usage.put(id, new Usage(id, rs.getInt("full_days"), rs.getBigDecimal("lowest_share"),
                JdbcValues.nullableInt(rs, "mau_on_d"), JdbcValues.nullableInt(rs, "seats_on_d"),
                rs.getBigDecimal("dau_now"), rs.getBigDecimal("dau_then"), rs.getInt("days_now"),
                rs.getInt("days_then")));
          }
        }
      }
      return usage;
    });
  }

  /**
   * Heavy use of a catalog feature that belongs to a plan: on {@code heavyDays} days of the window at
   * least the rule's least users used it (from {@code leastUsers} to {@code peakUsers} users on those
   * days); the customer's plan and the feature's as stored.
   */
  public record FeatureUse(String customerId, String customerPlan, String featureId, String featureName,
      String featurePlan, int heavyDays, int peakUsers, int leastUsers) {}

  /**
   * Each customer's features with a plan used by at least {@code minUsers} users on at least {@code
   * minDays} of the {@code days} days to {@code asOf}; customers without a plan have none.
   */
  public Map<String, List<FeatureUse>> featureUse(Collection<String> customerIds, LocalDate asOf, int days, int minUsers,
      int minDays) {
    if (customerIds.isEmpty()) {
      return Map.of();
    }
    return sql.inTransaction(connection -> {
      Map<String, List<FeatureUse>> uses = new HashMap<>();
      try (PreparedStatement ps = connection.prepareStatement(FEATURE_USE)) {
        ps.setObject(1, asOf);
        ps.setInt(2, days);
        ps.setInt(3, minUsers);
        ps.setInt(4, minDays);
        ps.setArray(5, connection.createArrayOf("text", customerIds.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            FeatureUse use = new FeatureUse(rs.getString("customer_id"), rs.getString("customer_plan"),
                rs.getString("feature_id"), rs.getString("feature_name"), rs.getString("feature_plan"),
                rs.getInt("heavy_days"), rs.getInt("peak_users"), rs.getInt("least_users"));
            uses.computeIfAbsent(use.customerId(), k -> new ArrayList<>()).add(use);
          }
        }
      }
      return uses;
    });
  }

  private static java.sql.Array dates(java.sql.Connection connection, List<LocalDate> days) throws SQLException {
    return connection.createArrayOf("date", days.stream().map(java.sql.Date::valueOf).toArray());
  }

  /** One recorded opportunity, with its customer as it stands now; {@code metadata} the signal's jsonb text. */
  public record Opportunity(long id, String customerId, String customerName, String csmId, BigDecimal arr,
      String metadata, Instant createdAt) {}

  /**
   * The opportunities recorded, newest first, of the customers of {@code csmIds} (null: everyone's),
   * {@code limit} after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last.
   */
  public List<Opportunity> opportunities(List<String> csmIds, Instant beforeAt, Long beforeId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT rs.id, rs.customer_id, c.name, c.csm_id, c.arr, rs.metadata::text AS metadata, rs.created_at
          FROM risk_signals rs JOIN customers c ON c.id = rs.customer_id
          WHERE rs.type = ?
            AND (CAST(? AS text[]) IS NULL OR c.csm_id = ANY(CAST(? AS text[])))
            AND (CAST(? AS timestamptz) IS NULL OR (rs.created_at, rs.id) < (CAST(? AS timestamptz), CAST(? AS bigint)))
          ORDER BY rs.created_at DESC, rs.id DESC LIMIT ?""")) {
        java.sql.Array scope = csmIds == null ? null : connection.createArrayOf("text", csmIds.toArray());
        Timestamp before = beforeAt == null ? null : Timestamp.from(beforeAt);
        ps.setString(1, SIGNAL_TYPE);
        ps.setArray(2, scope);
        ps.setArray(3, scope);
        ps.setTimestamp(4, before);
        ps.setTimestamp(5, before);
        ps.setObject(6, beforeId);
        ps.setInt(7, limit);
        List<Opportunity> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(read(rs));
          }
        }
        return rows;
      }
    });
  }

  private static Opportunity read(ResultSet rs) throws SQLException {
    return new Opportunity(rs.getLong("id"), rs.getString("customer_id"), rs.getString("name"), rs.getString("csm_id"),
        rs.getBigDecimal("arr"), rs.getString("metadata"), JdbcValues.instant(rs, "created_at"));
  }
}
