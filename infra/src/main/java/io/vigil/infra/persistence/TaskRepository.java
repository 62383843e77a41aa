package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TaskRepository extends GenericRepository<Task, Long> {
  @Query("""
      WITH ins AS (
        INSERT INTO tasks (idempotency_key, title, description, assignee_id, customer_id, priority, due_at, workflow_id)
        VALUES (:idempotencyKey, :title, :description, :assigneeId, :customerId, :priority, :dueAt, :workflowId)
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
      SELECT id FROM ins UNION ALL SELECT id FROM tasks WHERE idempotency_key = :idempotencyKey LIMIT 1""")
  long insertOnce(String idempotencyKey, String title, @Nullable String description, String assigneeId,
      String customerId, String priority, Instant dueAt, @Nullable String workflowId);

  /** Newest first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last. */
  @Query("SELECT " + Task.COLUMNS + """
       FROM tasks
      WHERE (CAST(:assigneeId AS text) IS NULL OR assignee_id = :assigneeId)
        AND (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
        AND (CAST(:csmIds AS text[]) IS NULL OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(:csmIds AS text[]))))
        AND (CAST(:beforeAt AS timestamptz) IS NULL OR (created_at, id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS bigint)))
      ORDER BY created_at DESC, id DESC LIMIT :limit""")
  List<Task> search(@Nullable String assigneeId, @Nullable String customerId, @Nullable String csmIds,
      @Nullable Instant beforeAt, @Nullable Long beforeId, int limit);

  /** The open tasks of the customers of {@code csmIds} (null: everyone's), soonest due first. */
  @Query("SELECT " + Task.COLUMNS + """
       FROM tasks
      WHERE status = 'open'
        AND (CAST(:csmIds AS text[]) IS NULL OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(:csmIds AS text[]))))
      ORDER BY due_at, id LIMIT :limit""")
  List<Task> open(@Nullable String csmIds, int limit);
}
