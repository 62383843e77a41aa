package io.vigil.infra.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OidcSigninRepository extends GenericRepository<OidcSignin, String> {
  @Query("""
      INSERT INTO oidc_signins (state_hash, code_verifier, nonce, next_path, expires_at)
      VALUES (:stateHash, :codeVerifier, :nonce, :nextPath, :expiresAt)""")
  void insert(String stateHash, String codeVerifier, String nonce, String nextPath, Instant expiresAt);

  Optional<OidcSignin> findById(String stateHash);

  /**
   * Uses the sign-in, if it is unused and unexpired at {@code at}: one guarded UPDATE, so of a
   * callback replayed (or raced) with the same state only one finds it. Answers the rows used: 1 or 0.
   */
  @Query("""
      UPDATE oidc_signins SET used_at = :at WHERE state_hash = :stateHash AND used_at IS NULL AND expires_at > :at""")
  int use(String stateHash, Instant at);

  /** Sign-ins nobody finished, once long past: they keep nothing anyone can use. */
  @Query("DELETE FROM oidc_signins WHERE expires_at < :before")
  int deleteExpiredBefore(Instant before);
}
