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

  /**
   * The token with this hash and the role it carries now, in one statement (every API request asks):
   * a machine token its own role, a person's token that person's current role (none when the person
   * is gone). {@code role} of the answer is that role, not necessarily the stored column.
   */
  @Query("""
      SELECT t.id, t.name, t.token_hash, t.user_id, CASE WHEN t.user_id IS NULL THEN t.role ELSE u.role END AS role,
             t.expires_at, t.created_by, t.created_at, t.revoked_at
      FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = :tokenHash AND (t.user_id IS NULL OR u.id IS NOT NULL)""")
  Optional<ApiToken> findWithCurrentRole(String tokenHash);

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
