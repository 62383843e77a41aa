package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reading trigger rules; {@link TriggerRuleChanges} changes them. */
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
}
