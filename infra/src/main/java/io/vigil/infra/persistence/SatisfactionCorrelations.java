package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Per feature, Spearman's rank correlation across customers between the feature's use and the
 * customers' average satisfaction, computed in SQL ({@code sql/surveys/drivers.sql}). Which
 * coefficients are worth showing is decided by the caller, not here.
 */
@Singleton
public class SatisfactionCorrelations {
  private static final String DRIVERS = SqlFiles.read("surveys/drivers.sql");

  private final Sql sql;

  public SatisfactionCorrelations(Sql sql) {
    this.sql = sql;
  }

  /**
   * Answers of {@code measure} ({@code nps} or {@code csat}) in [{@code from}, {@code to}); use on
   * the UTC days [{@code fromDay}, {@code toDay}); customers of {@code segment} (null: all) and of
   * {@code csmIds} (null: every customer).
   */
  public record Filter(String measure, Instant from, Instant to, LocalDate fromDay, LocalDate toDay, String segment,
      List<String> csmIds) {}

  /**
   * One feature: the customers compared (the whole population), those of them who used it, their
   * mean use share, and the coefficient, null when use or satisfaction does not vary (the flags say which).
   */
  public record FeatureCorrelation(String featureId, String featureName, int customers, int customersUsing,
      double averageUse, Double coefficient, boolean useConstant, boolean satisfactionConstant) {}

  /** {@code customers}: how many customers had both answers and use in the range. */
  public record Correlations(int customers, List<FeatureCorrelation> features) {}

  public Correlations of(Filter filter) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(DRIVERS)) {
        int i = 1;
        ps.setTimestamp(i++, Timestamp.from(filter.from()));
        ps.setTimestamp(i++, Timestamp.from(filter.to()));
        ps.setDate(i++, Date.valueOf(filter.fromDay()));
        ps.setDate(i++, Date.valueOf(filter.toDay()));
        ps.setString(i++, filter.measure());
        ps.setString(i++, filter.segment());
        if (filter.csmIds() == null) {
          ps.setNull(i, Types.ARRAY);
        } else {
          ps.setArray(i, connection.createArrayOf("text", filter.csmIds().toArray()));
        }
        int population = 0;
        List<FeatureCorrelation> features = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            population = rs.getInt("population");
            if (rs.getString("feature_id") == null) {
              continue;
            }
            double value = rs.getDouble("coefficient");
            Double coefficient = rs.wasNull() ? null : value;
            features.add(new FeatureCorrelation(rs.getString("feature_id"), rs.getString("feature_name"),
                rs.getInt("customers"), rs.getInt("customers_using"), rs.getDouble("average_use"),
                coefficient, rs.getBoolean("use_constant"), rs.getBoolean("satisfaction_constant")));
          }
        }
        return new Correlations(population, List.copyOf(features));
      }
    });
  }
}
