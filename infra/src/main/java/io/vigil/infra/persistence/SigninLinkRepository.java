package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SigninLinkRepository extends GenericRepository<SigninLink, String> {
  Optional<SigninLink> findByTokenHash(String tokenHash);

  @Query("""
      INSERT INTO signin_links (id, token_hash, user_id, expires_at, created_by)
      VALUES (:id, :tokenHash, :userId, :expiresAt, :createdBy)""")
  void insert(String id, String tokenHash, String userId, Instant expiresAt, @Nullable String createdBy);

  /**
   * Uses the link, if it is unused and unexpired at {@code at}: one guarded UPDATE, so two browsers
   * presenting it at once cannot both sign in. Answers the user it signs in, null when it signs in nobody.
   */
  @Query("""
      WITH used AS (
        UPDATE signin_links SET used_at = :at WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > :at
        RETURNING user_id)
      SELECT user_id FROM used""")
  @Nullable
  String use(String tokenHash, Instant at);
}
