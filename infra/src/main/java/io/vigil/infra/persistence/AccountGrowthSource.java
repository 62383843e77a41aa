package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.HealthStatements.nullableDouble;

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
 * Growth over the 90 days to the day: licensed seats and ARR from the account history, daily active
 * users of the last week against the first week of the 90 days, and expansion signals (the
 * {@code expansion_opportunity} risk signals the expansion playbook records, activities/expansion).
 */
@Singleton
public class AccountGrowthSource implements HealthInputSource {
  public static final double EXPANSION_POINTS = 10;
  private static final String GROWTH = SqlFiles.read("health/growth.sql");

  @Override
  public HealthComponent component() {
    return HealthComponent.GROWTH;
  }

  @Override
  public Map<String, List<HealthInput>> read(Connection connection, LocalDate asOf, CustomerScope scope) throws SQLException {
    Map<String, List<HealthInput>> inputs = new HashMap<>();
    try (PreparedStatement ps = HealthStatements.prepare(connection, GROWTH, asOf, scope);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        inputs.put(rs.getString("customer_id"), inputsOf(new GrowthFigures(nullableDouble(rs, "seats_now"),
            nullableDouble(rs, "seats_then"), nullableDouble(rs, "arr_now"), nullableDouble(rs, "arr_then"),
            nullableDouble(rs, "dau_now"), nullableDouble(rs, "dau_then"), rs.getInt("expansions"))));
      }
    }
    return inputs;
  }

  public record GrowthFigures(Double seatsNow, Double seatsThen, Double arrNow, Double arrThen, Double dauNow,
      Double dauThen, int expansions) {}

  public static List<HealthInput> inputsOf(GrowthFigures f) {
    List<HealthInput> inputs = new ArrayList<>();
    inputs.add(HealthInput.comparedOrMissing("seats90d", "Licensed seats against 90 days ago", f.seatsNow(),
        f.seatsThen(), "no licensed seats recorded", "no seats recorded 90 days ago"));
    inputs.add(HealthInput.comparedOrMissing("arr90d", "ARR against 90 days ago", f.arrNow(), f.arrThen(),
        "no ARR recorded", "no ARR recorded 90 days ago"));
    inputs.add(HealthInput.comparedOrMissing("usage90d", "Daily active users this week against the first week of the 90 days",
        f.dauNow(), f.dauThen(), "no rollup this week", "no active users in the first week of the 90 days"));
    if (f.expansions() > 0) {
      inputs.add(HealthInput.adjustment("expansionSignals", "Expansion opportunities found in the last 90 days",
          f.expansions(), EXPANSION_POINTS));
    }
    return inputs;
  }
}
