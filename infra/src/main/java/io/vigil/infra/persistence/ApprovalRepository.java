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
public interface ApprovalRepository extends GenericRepository<Approval, String> {
  Optional<Approval> findById(String id);

  @Query("""
      WITH ins AS (
        INSERT INTO approvals (id, idempotency_key, workflow_id, customer_id, kind, approver_id, to_address, subject, body, status)
        VALUES (:id, :idempotencyKey, :workflowId, :customerId, :kind, :approverId, :toAddress, :subject, :body, 'pending')
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id)
      SELECT id FROM ins UNION ALL SELECT id FROM approvals WHERE idempotency_key = :idempotencyKey LIMIT 1""")
  String insertOnce(String id, String idempotencyKey, String workflowId, String customerId, String kind,
      String approverId, String toAddress, String subject, String body);

  /**
   * Records a decision, made with {@code decidedCredential}, only on a pending approval; answers the
   * rows changed (0: not pending).
   */
  @Query("""
      UPDATE approvals SET status = :status, decided_by = :decidedBy, decided_credential = :decidedCredential,
        decided_at = now(), reason = :reason, subject = COALESCE(:subject, subject), body = COALESCE(:body, body)
      WHERE id = :id AND status = 'pending'""")
  int decide(String id, String status, String decidedBy, @Nullable String decidedCredential, @Nullable String reason,
      @Nullable String subject, @Nullable String body);

  /** A decision whose workflow had already ended: the draft can no longer be sent, so it is expired. */
  @Query("UPDATE approvals SET status = 'expired', reason = 'workflow ended before the decision' WHERE id = :id AND status = :status")
  int abandon(String id, String status);

  @Query("UPDATE approvals SET status = 'expired' WHERE id = :id AND status = 'pending'")
  int expire(String id);

  /** A pending draft its playbook no longer needs (a check-in after silence met a contact). */
  @Query("UPDATE approvals SET status = 'withdrawn', reason = :reason WHERE id = :id AND status = 'pending'")
  int withdraw(String id, String reason);

  /** An approved email whose send failed for good: answers 1 when the approval was still 'approved'. */
  @Query("UPDATE approvals SET status = 'failed', reason = :reason WHERE id = :id AND status = 'approved'")
  int markSendFailed(String id, String reason);

  @Query("UPDATE approvals SET status = :status, external_id = :externalId WHERE id = :id")
  void markDelivered(String id, String status, String externalId);

  /** Newest first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last. */
  @Query("""
      SELECT * FROM approvals WHERE (CAST(:status AS text) IS NULL OR status = :status)
        AND (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
        AND (CAST(:csmIds AS text[]) IS NULL OR customer_id IN (SELECT c.id FROM customers c WHERE c.csm_id = ANY(CAST(:csmIds AS text[]))))
        AND (CAST(:beforeAt AS timestamptz) IS NULL OR (created_at, id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS text)))
      ORDER BY created_at DESC, id DESC LIMIT :limit""")
  List<Approval> search(@Nullable String status, @Nullable String customerId, @Nullable String csmIds,
      @Nullable Instant beforeAt, @Nullable String beforeId, int limit);
}
