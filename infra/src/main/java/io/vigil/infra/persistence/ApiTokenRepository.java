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
public interface ApiTokenRepository extends GenericRepository<ApiToken, String> {
  Optional<ApiToken> findById(String id);

  Optional<ApiToken> findByTokenHash(String tokenHash);

  @Query("""
      INSERT INTO api_tokens (id, name, token_hash, user_id, role, expires_at, created_by)
      VALUES (:id, :name, :tokenHash, :userId, :role, :expiresAt, :createdBy)""")
  void insert(String id, String name, String tokenHash, @Nullable String userId, @Nullable String role,
      @Nullable Instant expiresAt, @Nullable String createdBy);

  @Query("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  int revoke(String id);

  /** Revokes every live token of this name (the demo reissues its tokens on each start). */
  @Query("UPDATE api_tokens SET revoked_at = now() WHERE name = :name AND revoked_at IS NULL")
  int revokeByName(String name);

  @Query("""
      SELECT * FROM api_tokens WHERE (CAST(:after AS text) IS NULL OR id > :after)
      ORDER BY id LIMIT :limit""")
  List<ApiToken> page(@Nullable String after, int limit);

  /** Whether a usable machine token with the admin role exists (the bootstrap creates one otherwise). */
  @Query("""
      SELECT count(*) > 0 FROM api_tokens WHERE role = 'admin' AND user_id IS NULL AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > now())""")
  boolean hasUsableAdminToken();
}
