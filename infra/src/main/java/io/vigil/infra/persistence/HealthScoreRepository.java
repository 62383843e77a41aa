package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.LocalDate;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface HealthScoreRepository extends GenericRepository<Customer, String> {
  @Query("SELECT health_score FROM customers WHERE id = :customerId")
  int currentScore(String customerId);

  @Query("SELECT score FROM health_score_history WHERE idempotency_key = :idempotencyKey")
  @Nullable
  Integer scoreRecordedFor(String idempotencyKey);

  @Query("SELECT previous_score FROM health_score_history WHERE idempotency_key = :idempotencyKey")
  @Nullable
  Integer previousScoreRecordedFor(String idempotencyKey);

  @Query("""
      INSERT INTO health_score_history (idempotency_key, customer_id, score, previous_score, reason)
      VALUES (:idempotencyKey, :customerId, :score, :previousScore, :reason)""")
  void recordChange(@Nullable String idempotencyKey, String customerId, int score, @Nullable Integer previousScore, String reason);

  /**
   * The score on {@code day}: the health scored for the newest day up to it, else the newest change
   * recorded up to its end, else the score before the first change after it, else the current one.
   */
  @Query("""
      SELECT COALESCE(
        (SELECT score FROM customer_health WHERE customer_id = :customerId AND score IS NOT NULL
           AND as_of <= CAST(:day AS date) ORDER BY as_of DESC LIMIT 1),
        (SELECT score FROM health_score_history WHERE customer_id = :customerId
           AND created_at < CAST(:day AS date) + 1 ORDER BY created_at DESC, id DESC LIMIT 1),
        (SELECT previous_score FROM health_score_history WHERE customer_id = :customerId
           AND created_at >= CAST(:day AS date) + 1 ORDER BY created_at, id LIMIT 1),
        (SELECT health_score FROM customers WHERE id = :customerId))""")
  int scoreOn(String customerId, LocalDate day);
}
