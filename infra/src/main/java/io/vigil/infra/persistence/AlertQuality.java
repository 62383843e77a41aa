package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How trustworthy each rule's alerts have been (docs/api.md, "Alert lifecycle"): per rule (the signal's
 * type and, for trigger rules, its {@code triggerId}), how many alerts were raised in the window and
 * where they stand, the share of decided ones that were not dismissed as false positives, and how fast
 * someone first acted on them (PRD-086 asks under 2 hours).
 */
@Singleton
public class AlertQuality {
  static final long FIRST_ACTION_TARGET_SECONDS = 2 * 3600;

  private final Sql sql;

  public AlertQuality(Sql sql) {
    this.sql = sql;
  }

  /**
   * {@code accuracy}: resolved / (resolved + dismissed), null while none is decided.
   * {@code medianMinutesToFirstAction}: over the alerts acted on, null when none was.
   */
  public record RuleQuality(String type, @Nullable String triggerId, int alerts, int open, int acknowledged, int resolved,
      int dismissed, @Nullable BigDecimal accuracy, @Nullable BigDecimal medianMinutesToFirstAction, int actedWithinTwoHours) {}

  /** Alerts raised in [from, to), of the given CSMs' customers ({@code csmIds} null: every customer). */
  public List<RuleQuality> byRule(Instant from, Instant to, List<String> csmIds) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT type, metadata->>'triggerId' AS trigger_id, count(*) AS alerts,
            count(*) FILTER (WHERE status = 'open') AS open,
            count(*) FILTER (WHERE status = 'acknowledged') AS acknowledged,
            count(*) FILTER (WHERE status = 'resolved') AS resolved,
            count(*) FILTER (WHERE status = 'dismissed') AS dismissed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - created_at))
              FILTER (WHERE acknowledged_at IS NOT NULL) AS median_seconds,
            count(*) FILTER (WHERE extract(epoch FROM acknowledged_at - created_at) <= ?) AS within_target
          FROM risk_signals
          WHERE (CAST(? AS timestamptz) IS NULL OR created_at >= CAST(? AS timestamptz))
            AND (CAST(? AS timestamptz) IS NULL OR created_at < CAST(? AS timestamptz))
            AND (CAST(? AS text[]) IS NULL
                 OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(? AS text[]))))
          GROUP BY 1, 2
          ORDER BY alerts DESC, type, trigger_id NULLS FIRST""")) {
        Timestamp start = from == null ? null : Timestamp.from(from);
        Timestamp end = to == null ? null : Timestamp.from(to);
        ps.setLong(1, FIRST_ACTION_TARGET_SECONDS);
        ps.setTimestamp(2, start);
        ps.setTimestamp(3, start);
        ps.setTimestamp(4, end);
        ps.setTimestamp(5, end);
        java.sql.Array scope = csmIds == null ? null : connection.createArrayOf("text", csmIds.toArray());
        ps.setArray(6, scope);
        ps.setArray(7, scope);
        List<RuleQuality> rules = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int resolved = rs.getInt("resolved");
            int dismissed = rs.getInt("dismissed");
            BigDecimal accuracy = resolved + dismissed == 0 ? null
                : BigDecimal.valueOf(resolved).divide(BigDecimal.valueOf(resolved + dismissed), 3, RoundingMode.HALF_UP);
            double seconds = rs.getDouble("median_seconds");
            BigDecimal median = rs.wasNull() ? null
                : BigDecimal.valueOf(seconds / 60.0).setScale(1, RoundingMode.HALF_UP);
            rules.add(new RuleQuality(rs.getString("type"), rs.getString("trigger_id"), rs.getInt("alerts"), rs.getInt("open"),
                rs.getInt("acknowledged"), resolved, dismissed, accuracy, median, rs.getInt("within_target")));
          }
        }
        return rules;
      }
    });
  }
}
