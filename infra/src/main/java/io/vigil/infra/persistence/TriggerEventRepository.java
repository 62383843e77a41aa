package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TriggerEventRepository extends GenericRepository<RiskSignal, Long> {
  @Query("""
      INSERT INTO trigger_events (idempotency_key, trigger_id, customer_id, workflow_id, outcome, reason)
      VALUES (:idempotencyKey, :triggerId, :customerId, :workflowId, :outcome, :reason)
      ON CONFLICT (idempotency_key) DO NOTHING""")
  int insertOnce(String idempotencyKey, String triggerId, String customerId, String workflowId, String outcome,
      @Nullable String reason);

  @Query("SELECT count(*) FROM trigger_events WHERE customer_id = :customerId AND outcome = :outcome")
  long countByOutcome(String customerId, String outcome);
}
