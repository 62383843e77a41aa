package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RiskSignalRepository extends GenericRepository<RiskSignal, Long> {
  @Query("""
      WITH ins AS (
        INSERT INTO risk_signals (idempotency_key, customer_id, type, severity, metadata)
        VALUES (:idempotencyKey, :customerId, :type, :severity, CAST(:metadata AS jsonb))
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
      SELECT id FROM ins UNION ALL SELECT id FROM risk_signals WHERE idempotency_key = :idempotencyKey LIMIT 1""")
  long insertOnce(String idempotencyKey, String customerId, String type, String severity, String metadata);

  /** Newest first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last. */
  @Query("SELECT " + RiskSignal.COLUMNS + """
       FROM risk_signals
      WHERE (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
        AND (CAST(:type AS text) IS NULL OR type = :type)
        AND (CAST(:status AS text) IS NULL OR status = :status)
        AND (CAST(:csmIds AS text[]) IS NULL OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(:csmIds AS text[]))))
        AND (CAST(:beforeAt AS timestamptz) IS NULL OR (created_at, id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS bigint)))
      ORDER BY created_at DESC, id DESC LIMIT :limit""")
  List<RiskSignal> search(@Nullable String customerId, @Nullable String type, @Nullable String status, @Nullable String csmIds,
      @Nullable Instant beforeAt, @Nullable Long beforeId, int limit);

  @Query("SELECT id FROM risk_signals WHERE idempotency_key = :idempotencyKey")
  Optional<Long> findIdByIdempotencyKey(String idempotencyKey);

  /** As {@link #findIdByIdempotencyKey}, while the signal is still open (a snooze acknowledges it). */
  @Query("SELECT id FROM risk_signals WHERE idempotency_key = :idempotencyKey AND status = 'open'")
  Optional<Long> findOpenIdByIdempotencyKey(String idempotencyKey);

  /**
   * The alerts still to act on (open or acknowledged) of the customers of {@code csmIds} (null:
   * everyone's), leaving out {@code exceptType}; most severe first, then newest.
   */
  @Query("SELECT " + RiskSignal.COLUMNS + """
       FROM risk_signals
      WHERE status IN ('open', 'acknowledged') AND type <> :exceptType
        AND (CAST(:csmIds AS text[]) IS NULL OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(:csmIds AS text[]))))
      ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, created_at DESC, id DESC
      LIMIT :limit""")
  List<RiskSignal> unclosed(String exceptType, @Nullable String csmIds, int limit);
}
