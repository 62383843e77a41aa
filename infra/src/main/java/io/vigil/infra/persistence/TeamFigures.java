package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The team page's figures (PRD-086 US-4s): per CSM, the book's health today, its alerts and how fast
 * they were first acted on (the PRD asks under 2 hours), pending approvals and open tasks. One
 * statement for the whole team.
 */
@Singleton
public class TeamFigures {
  private static final String TEAM = SqlFiles.read("insights/team.sql",
      Map.of("targetSeconds", AlertQuality.FIRST_ACTION_TARGET_SECONDS));

  private final Sql sql;

  public TeamFigures(Sql sql) {
    this.sql = sql;
  }

  /**
   * {@code raised} … {@code withinTwoHours}: alerts raised in the window; {@code openAlerts} and
   * {@code acknowledgedAlerts}: as they stand now, whenever raised; {@code medianMinutesToFirstAction}
   * null while no alert of the window was acted on.
   */
  public record Member(String csmId, String name, String role, int customers, BigDecimal arr, int green, int yellow,
      int red, int unscored, int atRisk, BigDecimal arrAtRisk, int openAlerts, int acknowledgedAlerts, int raised,
      int resolved, int dismissed, @Nullable BigDecimal medianMinutesToFirstAction, int actedWithinTwoHours, int pendingApprovals,
      int openTasks, int overdueTasks) {}

  /** The people among {@code userIds} (null: everyone) with a book or the CSM role; alerts raised in [from, to). */
  public List<Member> members(List<String> userIds, Instant from, Instant to, Instant now) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(TEAM)) {
        Array ids = userIds == null ? null : connection.createArrayOf("text", userIds.toArray());
        int i = 1;
        ps.setArray(i++, ids);
        ps.setArray(i++, ids);
        for (int window = 0; window < 5; window++) {
          ps.setTimestamp(i++, Timestamp.from(from));
          ps.setTimestamp(i++, Timestamp.from(to));
        }
        ps.setTimestamp(i, Timestamp.from(now));
        List<Member> members = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double seconds = rs.getDouble("median_seconds");
            BigDecimal median = rs.wasNull() ? null : BigDecimal.valueOf(seconds / 60.0).setScale(1, RoundingMode.HALF_UP);
            members.add(new Member(rs.getString("id"), rs.getString("name"), rs.getString("role"), rs.getInt("customers"),
                rs.getBigDecimal("arr"), rs.getInt("green"), rs.getInt("yellow"), rs.getInt("red"), rs.getInt("unscored"),
                rs.getInt("at_risk"), rs.getBigDecimal("arr_at_risk"), rs.getInt("open_now"), rs.getInt("acknowledged_now"),
                rs.getInt("raised"), rs.getInt("resolved"), rs.getInt("dismissed"), median, rs.getInt("within_target"),
                rs.getInt("pending_approvals"), rs.getInt("open_tasks"), rs.getInt("overdue_tasks")));
          }
        }
        return members;
      }
    });
  }
}
