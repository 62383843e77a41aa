package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The feature catalog (PRD-090 4.1): features, their importance, timeline, benchmarks and training resources. */
@Singleton
public class FeatureCatalogStore {
  private static final String COLUMNS = """
      feature_id, feature_name, category, importance_score, expected_adoption_days, target_share,
      segment_benchmarks::text AS segment_benchmarks, training_resources::text AS training_resources, tips, key_benefit,
      plan, created_at, updated_at""";

  private final Sql sql;

  public FeatureCatalogStore(Sql sql) {
    this.sql = sql;
  }

  /**
   * Creates or replaces the feature; JSON arguments are JSON text; {@code plan} the plan tier it belongs
   * to (null: every plan). Tracked adoption rows take the new name and timeline.
   */
  public FeatureCatalogEntry upsert(String featureId, String featureName, String category, int importanceScore,
      int expectedAdoptionDays, BigDecimal targetShare, String segmentBenchmarksJson, String trainingResourcesJson,
      String tips, String keyBenefit, String plan) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO feature_catalog (feature_id, feature_name, category, importance_score, expected_adoption_days,
            target_share, segment_benchmarks, training_resources, tips, key_benefit, plan)
          VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)
          ON CONFLICT (feature_id) DO UPDATE SET feature_name = EXCLUDED.feature_name, category = EXCLUDED.category,
            importance_score = EXCLUDED.importance_score, expected_adoption_days = EXCLUDED.expected_adoption_days,
            target_share = EXCLUDED.target_share, segment_benchmarks = EXCLUDED.segment_benchmarks,
            training_resources = EXCLUDED.training_resources, tips = EXCLUDED.tips, key_benefit = EXCLUDED.key_benefit,
            plan = EXCLUDED.plan, updated_at = now()""")) {
        int i = 0;
        ps.setString(++i, featureId);
        ps.setString(++i, featureName);
        setNullable(ps, ++i, category);
        ps.setInt(++i, importanceScore);
        ps.setInt(++i, expectedAdoptionDays);
        ps.setBigDecimal(++i, targetShare);
        ps.setString(++i, segmentBenchmarksJson);
        ps.setString(++i, trainingResourcesJson);
        setNullable(ps, ++i, tips);
        setNullable(ps, ++i, keyBenefit);
        setNullable(ps, ++i, plan);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          UPDATE feature_adoption SET feature_name = ?, expected_adoption_days = ?, updated_at = now()
          WHERE feature_id = ? AND (feature_name <> ? OR expected_adoption_days <> ?)""")) {
        ps.setString(1, featureName);
        ps.setInt(2, expectedAdoptionDays);
        ps.setString(3, featureId);
        ps.setString(4, featureName);
        ps.setInt(5, expectedAdoptionDays);
        ps.executeUpdate();
      }
      return find(connection, List.of(featureId)).get(0);
    });
  }

  public Optional<FeatureCatalogEntry> findById(String featureId) {
    return sql.inTransaction(connection -> find(connection, List.of(featureId)).stream().findFirst());
  }

  /** Every catalog feature, most important first (a catalog holds tens of features, not thousands). */
  public List<FeatureCatalogEntry> all() {
    return sql.inTransaction(connection -> find(connection, null));
  }

  public List<FeatureCatalogEntry> findAll(Collection<String> featureIds) {
    return featureIds.isEmpty() ? List.of() : sql.inTransaction(connection -> find(connection, featureIds));
  }

  private static List<FeatureCatalogEntry> find(java.sql.Connection connection, Collection<String> ids) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT " + COLUMNS + " FROM feature_catalog WHERE (CAST(? AS text[]) IS NULL OR feature_id = ANY(?))"
            + " ORDER BY importance_score DESC, feature_id")) {
      java.sql.Array wanted = ids == null ? null : connection.createArrayOf("text", ids.toArray());
      ps.setArray(1, wanted);
      ps.setArray(2, wanted);
      List<FeatureCatalogEntry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(new FeatureCatalogEntry(rs.getString("feature_id"), rs.getString("feature_name"),
              rs.getString("category"), rs.getInt("importance_score"), rs.getInt("expected_adoption_days"),
              rs.getBigDecimal("target_share"), rs.getString("segment_benchmarks"), rs.getString("training_resources"),
              rs.getString("tips"), rs.getString("key_benefit"), rs.getString("plan"), rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant()));
        }
      }
      return entries;
    }
  }

  private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }
}
