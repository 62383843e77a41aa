package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TriggerRuleRepository extends GenericRepository<TriggerRule, String> {
  Optional<TriggerRule> findById(String id);

  /** Oldest first, {@code limit} rows after the key ({@code afterAt}, {@code afterId}) of the previous page's last. */
  @Query("""
      SELECT * FROM triggers WHERE (CAST(:type AS text) IS NULL OR type = :type)
        AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS text)))
      ORDER BY created_at, id LIMIT :limit""")
  List<TriggerRule> search(@Nullable String type, @Nullable Instant afterAt, @Nullable String afterId, int limit);

  @Query("SELECT * FROM triggers WHERE type = :type AND enabled ORDER BY id")
  List<TriggerRule> findEnabled(String type);

  @Query("""
      INSERT INTO triggers (id, type, name, segment, metric_type, threshold, comparison_period_days, cooldown_days, min_severity, actions, enabled)
      VALUES (:id, :type, :name, :segment, :metricType, :threshold, :comparisonPeriodDays, :cooldownDays, :minSeverity, :actions, :enabled)""")
  void insert(String id, String type, String name, @Nullable String segment, String metricType, BigDecimal threshold,
      int comparisonPeriodDays, int cooldownDays, @Nullable String minSeverity, @TypeDef(type = DataType.STRING_ARRAY) String[] actions, boolean enabled);
}
