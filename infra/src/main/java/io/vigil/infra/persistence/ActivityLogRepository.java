package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ActivityLogRepository extends GenericRepository<ActivityLogEntry, Long> {
  @Query("""
      INSERT INTO agent_activity_log (idempotency_key, customer_id, workflow_id, action, details)
      VALUES (:idempotencyKey, :customerId, :workflowId, :action, CAST(:details AS jsonb))
      ON CONFLICT (idempotency_key) DO NOTHING""")
  void append(@Nullable String idempotencyKey, @Nullable String customerId, @Nullable String workflowId, String action,
      String details);

  /**
   * {@link #append} of one row per customer in one statement: row i is keyed {@code keys[i]} and
   * about {@code customerIds[i]} (both text[] literals of the same length, see PgArrays), all with the
   * same action and details. One statement and one commit instead of one per customer: a DM listing
   * 50 customers logged them in 50 commits, most of its time (docs/performance.md, incident fan-out).
   */
  @Query("""
      INSERT INTO agent_activity_log (idempotency_key, customer_id, workflow_id, action, details)
      SELECT r.idempotency_key, r.customer_id, :workflowId, :action, CAST(:details AS jsonb)
      FROM unnest(CAST(:keys AS text[]), CAST(:customerIds AS text[])) AS r (idempotency_key, customer_id)
      ON CONFLICT (idempotency_key) DO NOTHING""")
  void appendEach(String keys, String customerIds, @Nullable String workflowId, String action, String details);

  /** Oldest first, {@code limit} rows after the key ({@code afterAt}, {@code afterId}) of the previous page's last. */
  @Query("""
      SELECT id, customer_id, workflow_id, action, details::text AS details, created_at FROM agent_activity_log
      WHERE customer_id = :customerId
        AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS bigint)))
      ORDER BY created_at, id LIMIT :limit""")
  List<ActivityLogEntry> findByCustomer(String customerId, @Nullable java.time.Instant afterAt, @Nullable Long afterId,
      int limit);
}
