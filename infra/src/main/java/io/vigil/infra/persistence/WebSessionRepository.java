package io.vigil.infra.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WebSessionRepository extends GenericRepository<WebSession, String> {
  Optional<WebSession> findByTokenHash(String tokenHash);

  @Query("""
      INSERT INTO web_sessions (id, token_hash, user_id, method, expires_at)
      VALUES (:id, :tokenHash, :userId, :method, :expiresAt)""")
  void insert(String id, String tokenHash, String userId, String method, Instant expiresAt);

  @Query("UPDATE web_sessions SET ended_at = now() WHERE token_hash = :tokenHash AND ended_at IS NULL")
  int end(String tokenHash);
}
