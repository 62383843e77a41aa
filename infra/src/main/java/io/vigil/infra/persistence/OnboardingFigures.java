package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The customers in onboarding and what the onboarding report reads of each, in one statement (docs/reports.md). */
@Singleton
public class OnboardingFigures {
  /** A customer is onboarding in its first this many days from its start date. */
  public static final int ONBOARDING_DAYS = 30;
  /** The catalog's key features: an importance score of at least this. */
  public static final int KEY_IMPORTANCE = 70;

  private static final String ONBOARDING = SqlFiles.read("report/onboarding.sql",
      Map.of("onboardingDays", ONBOARDING_DAYS, "keyImportance", KEY_IMPORTANCE));
  private static final String KEY_FEATURES =
      "SELECT feature_id, feature_name FROM feature_catalog WHERE importance_score >= " + KEY_IMPORTANCE
          + " ORDER BY importance_score DESC, feature_id";

  private final Sql sql;

  public OnboardingFigures(Sql sql) {
    this.sql = sql;
  }

  public record OnboardingCustomer(String customerId, String name, String csmId, LocalDate startDate, int daysIn,
      int keyFeaturesActivated, int keyFeatures, Instant firstValueAt, List<String> notActivated, Instant firstLoginAt,
      Instant lastActivityAt, int tickets) {}

  public record KeyFeature(String featureId, String name) {}

  /** {@code csmIds} null: every customer. */
  public List<OnboardingCustomer> customers(LocalDate asOf, List<String> csmIds) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(ONBOARDING)) {
        ps.setDate(1, Date.valueOf(asOf));
        if (csmIds == null) {
          ps.setNull(2, Types.ARRAY);
        } else {
          ps.setArray(2, connection.createArrayOf("text", csmIds.toArray()));
        }
        List<OnboardingCustomer> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Array missing = rs.getArray("not_activated");
            rows.add(new OnboardingCustomer(rs.getString("id"), rs.getString("name"), rs.getString("csm_id"),
                JdbcValues.localDate(rs, "start_date"), rs.getInt("days_in"), rs.getInt("activated"),
                rs.getInt("key_features"), JdbcValues.instant(rs, "first_value_at"),
                missing == null ? List.of() : List.of((String[]) missing.getArray()),
                JdbcValues.instant(rs, "first_login_at"), JdbcValues.instant(rs, "last_activity_at"),
                rs.getInt("tickets")));
          }
        }
        return List.copyOf(rows);
      }
    });
  }

  public List<KeyFeature> keyFeatures() {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(KEY_FEATURES); ResultSet rs = ps.executeQuery()) {
        List<KeyFeature> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(new KeyFeature(rs.getString("feature_id"), rs.getString("feature_name")));
        }
        return List.copyOf(rows);
      }
    });
  }
}
