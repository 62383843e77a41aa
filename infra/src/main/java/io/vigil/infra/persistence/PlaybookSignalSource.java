package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the playbooks found, as adjustments of engagement: the worst usage drop alerted in the 30 days
 * to the day lowers it by severity (PRD-086), each feature whose stalled adoption recovered in those
 * days raises it (PRD-090). These replace the check-in's old decrement of the stored score.
 */
@Singleton
public class PlaybookSignalSource implements HealthInputSource {
  /** Engagement points by the worst drop's severity (1 medium, 2 high, 3 critical). */
  static final double[] DROP_POINTS = {0, -12.5, -25, -37.5};
  static final String[] SEVERITIES = {"", "medium", "high", "critical"};
  public static final double RECOVERY_POINTS = 12.5;
  public static final int MAX_RECOVERIES_COUNTED = 2;
  private static final String SIGNALS = SqlFiles.read("health/signals.sql");

  @Override
  public HealthComponent component() {
    return HealthComponent.ENGAGEMENT;
  }

  @Override
  public Map<String, List<HealthInput>> read(Connection connection, LocalDate asOf, CustomerScope scope) throws SQLException {
    Map<String, List<HealthInput>> inputs = new HashMap<>();
    try (PreparedStatement ps = HealthStatements.prepare(connection, SIGNALS, asOf, scope);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int worst = rs.getInt("worst");
        inputs.put(rs.getString("customer_id"), inputsOf(rs.getInt("drops"), worst,
            JdbcValues.localDate(rs, "latest"), rs.getInt("recovered")));
      }
    }
    return inputs;
  }

  /** {@code worst}: 1 medium, 2 high, 3 critical (0 without drops). */
  public static List<HealthInput> inputsOf(int drops, int worst, LocalDate latestDrop, int recovered) {
    List<HealthInput> inputs = new ArrayList<>();
    if (drops > 0) {
      inputs.add(HealthInput.adjustment("recentUsageDrop", "The worst usage drop of the last 30 days ("
          + SEVERITIES[worst] + "; " + drops + (drops == 1 ? " drop" : " drops") + ", the latest on " + latestDrop + ")",
          drops, DROP_POINTS[worst]));
    }
    if (recovered > 0) {
      inputs.add(HealthInput.adjustment("adoptionRecovered", "Features whose stalled adoption recovered in the last 30 days",
          recovered, RECOVERY_POINTS * Math.min(recovered, MAX_RECOVERIES_COUNTED)));
    }
    return inputs;
  }
}
