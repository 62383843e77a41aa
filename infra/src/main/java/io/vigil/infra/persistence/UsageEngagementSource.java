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
import java.util.Optional;

/**
 * Engagement from the daily usage rollups: active users against the customer's own four weeks
 * before, logins per active user likewise, active users per licensed seat and breadth of features
 * used against the segment's median. A customer with no rollups in the 35 days has no engagement data.
 */
@Singleton
public class UsageEngagementSource implements HealthInputSource {
  /** A median of fewer customers than this says little about a segment: the comparison is left out. */
  public static final int MIN_SEGMENT_PEERS = 3;
  private static final String INPUTS = SqlFiles.read("health/engagement.sql");

  public record SegmentMedians(Double usersPerSeat, Double breadth) {}

  private final SegmentMedianStore medians;

  public UsageEngagementSource(SegmentMedianStore medians) {
    this.medians = medians;
  }

  /** The segment medians are worked out once per day, over every customer, and stored for every page. */
  @Override
  public void prepareDay(LocalDate asOf) {
    medians.forDay(asOf);
  }

  @Override
  public HealthComponent component() {
    return HealthComponent.ENGAGEMENT;
  }

  @Override
  public Map<String, List<HealthInput>> read(Connection connection, LocalDate asOf, CustomerScope scope) throws SQLException {
    // stored by prepareDay; gone only when the day's rollups changed since, then worked out here as before
    Optional<Map<String, SegmentMedians>> stored = medians.stored(connection, asOf);
    Map<String, SegmentMedians> bySegment = stored.isPresent() ? stored.get() : medians.compute(connection, asOf);
    Map<String, List<HealthInput>> inputs = new HashMap<>();
    try (PreparedStatement ps = HealthStatements.prepare(connection, INPUTS, asOf, scope);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String customerId = rs.getString("customer_id");
        SegmentMedians segment = bySegment.getOrDefault(rs.getString("segment"), new SegmentMedians(null, null));
        inputs.put(customerId, inputsOf(new UsageFigures(nullableDouble(rs, "seats"), nullableDouble(rs, "wau_now"),
            nullableDouble(rs, "mau_now"), nullableDouble(rs, "login_wau_now"), nullableDouble(rs, "logins_week"),
            nullableDouble(rs, "wau_base"), nullableDouble(rs, "logins_base"), nullableDouble(rs, "login_wau_base"),
            rs.getDouble("breadth")), segment));
      }
    }
    return inputs;
  }

  /** The rolled-up figures of one customer the inputs are made of (a reference implementation builds the same). */
  public record UsageFigures(Double seats, Double wauNow, Double mauNow, Double loginWauNow, Double loginsWeek,
      Double wauBase, Double loginsBase, Double loginWauBase, double breadth) {}

  /** The engagement inputs from one customer's figures and its segment's medians. */
  public static List<HealthInput> inputsOf(UsageFigures f, SegmentMedians segment) {
    List<HealthInput> inputs = new ArrayList<>();
    inputs.add(HealthInput.comparedOrMissing("activeUsers", "Weekly active users against the 4 weeks before",
        f.wauNow(), f.wauBase(), "no rollup for the day", "no active users in the 4 weeks before"));
    Double loginsPerUser = f.loginsWeek() == null ? null
        : f.loginWauNow() == null || f.loginWauNow() == 0 ? 0.0 : f.loginsWeek() / f.loginWauNow();
    Double loginsPerUserBase = f.loginsBase() == null || f.loginWauBase() == null || f.loginWauBase() == 0 ? null
        : f.loginsBase() / 4 / f.loginWauBase();
    inputs.add(HealthInput.comparedOrMissing("loginFrequency", "Logins per active user this week against the 4 weeks before",
        loginsPerUser, loginsPerUserBase, "no rollup for the week", "no logins in the 4 weeks before"));
    if (f.seats() == null || f.seats() <= 0) {
      inputs.add(HealthInput.missing("activeUsersPerSeat", "Monthly active users per licensed seat against the segment",
          "no licensed seats recorded (PUT /api/customers/{id} with seats)"));
    } else {
      inputs.add(HealthInput.comparedOrMissing("activeUsersPerSeat", "Monthly active users per licensed seat against the segment",
          f.mauNow() == null ? null : f.mauNow() / f.seats(), segment.usersPerSeat(), "no rollup for the day",
          "fewer than " + MIN_SEGMENT_PEERS + " customers of the segment with seats and usage"));
    }
    inputs.add(HealthInput.comparedOrMissing("featureBreadth", "Features used this week against the segment",
        f.breadth(), segment.breadth(), "no rollup for the week",
        "fewer than " + MIN_SEGMENT_PEERS + " customers of the segment with usage"));
    return inputs;
  }
}
