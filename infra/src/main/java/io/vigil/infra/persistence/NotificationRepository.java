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
public interface NotificationRepository extends GenericRepository<Notification, Long> {
  /**
   * Claims the delivery for this key and lists it under every customer it mentions ({@code
   * customerIds}: a text[] literal, see PgArrays), in one statement: the claim and its listing commit
   * together. Answers 0 when an earlier attempt already claimed it (its listing is then its own).
   */
  @Query("""
      WITH claimed AS (
        INSERT INTO notifications (idempotency_key, customer_id, channel, recipient, subject, text, status, workflow_id)
        VALUES (:idempotencyKey, :customerId, :channel, :recipient, :subject, :text, 'pending', :workflowId)
        ON CONFLICT (idempotency_key) DO NOTHING RETURNING id),
      listed AS (
        INSERT INTO notification_customers (notification_id, customer_id)
        SELECT claimed.id, c FROM claimed, unnest(CAST(:customerIds AS text[])) AS c
        ON CONFLICT DO NOTHING)
      SELECT CAST(count(*) AS int) FROM claimed""")
  int claim(String idempotencyKey, @Nullable String customerId, String channel, String recipient,
      @Nullable String subject, String text, @Nullable String workflowId, String customerIds);

  Optional<Notification> findByIdempotencyKey(String idempotencyKey);

  /** The Slack message posted as {@code ts} in {@code channel} (a button's message, to show its decision). */
  @Query("SELECT * FROM notifications WHERE channel = 'slack' AND external_thread = :channel AND external_id = :ts LIMIT 1")
  Optional<Notification> findSlackMessage(String channel, String ts);

  /**
   * Records the delivery's outcome and answers the row as it now stands (one statement, not a write
   * then a read); null when no delivery has the key.
   */
  @Query("""
      WITH done AS (
        UPDATE notifications SET status = :status, external_id = :externalId, external_thread = :externalThread,
          error = :error, updated_at = now() WHERE idempotency_key = :idempotencyKey RETURNING *)
      SELECT * FROM done""")
  @Nullable
  Notification complete(String idempotencyKey, String status, @Nullable String externalId,
      @Nullable String externalThread, @Nullable String error);

  /**
   * Marks every delivery keyed {@code keyPrefix} or under it ({@code keyPrefix/…}) that is still
   * pending as failed with {@code error}; answers how many. Only once the attempts that claimed them
   * are over: a pending row then means a send that never got through.
   */
  @Query("""
      UPDATE notifications SET status = 'failed', error = :error, updated_at = now()
      WHERE status = 'pending'
        AND (idempotency_key = :keyPrefix OR starts_with(idempotency_key, :keyPrefix || '/'))""")
  int failPending(String keyPrefix, String error);

  @Query("""
      UPDATE notifications SET channel = :channel, recipient = :recipient, updated_at = now()
      WHERE idempotency_key = :idempotencyKey AND status = 'pending'""")
  void reroute(String idempotencyKey, String channel, String recipient);

  /**
   * Deliveries mentioning a customer (a DM listing five customers is listed under all five), of a workflow, or all;
   * newest first, {@code limit} rows after the key ({@code beforeAt}, {@code beforeId}) of the previous page's last.
   */
  @Query("""
      SELECT n.* FROM notifications n
      WHERE (CAST(:customerId AS text) IS NULL OR EXISTS (
               SELECT 1 FROM notification_customers nc WHERE nc.notification_id = n.id AND nc.customer_id = :customerId))
        AND (CAST(:workflowId AS text) IS NULL OR n.workflow_id = :workflowId)
        AND (CAST(:csmIds AS text[]) IS NULL OR EXISTS (
               SELECT 1 FROM notification_customers nc JOIN customers c ON c.id = nc.customer_id
               WHERE nc.notification_id = n.id AND c.csm_id = ANY(CAST(:csmIds AS text[]))))
        AND (CAST(:beforeAt AS timestamptz) IS NULL OR (n.created_at, n.id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS bigint)))
      ORDER BY n.created_at DESC, n.id DESC LIMIT :limit""")
  List<Notification> search(@Nullable String customerId, @Nullable String workflowId, @Nullable String csmIds,
      @Nullable Instant beforeAt, @Nullable Long beforeId, int limit);
}
