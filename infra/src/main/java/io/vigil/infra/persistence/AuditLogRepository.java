package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AuditLogRepository extends GenericRepository<AuditEntry, Long> {
  @Query("""
      INSERT INTO audit_log (actor_user_id, credential_id, role, method, path, route, target_ids, customer_id, remote,
        status, outcome)
      VALUES (:actorUserId, :credentialId, :role, :method, :path, :route, :targetIds, :customerId, :remote, :status,
        :outcome)""")
  void append(@Nullable String actorUserId, @Nullable String credentialId, @Nullable String role, String method,
      String path, @Nullable String route, @TypeDef(type = DataType.STRING_ARRAY) String[] targetIds,
      @Nullable String customerId, @Nullable String remote, int status, String outcome);

  /** Newest first; {@code beforeId} is the cursor (the last id of the previous page). */
  @Query("""
      SELECT * FROM audit_log
      WHERE (CAST(:actor AS text) IS NULL OR actor_user_id = :actor OR credential_id = :actor)
        AND (CAST(:customerId AS text) IS NULL OR customer_id = :customerId)
        AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)
        AND (CAST(:to AS timestamptz) IS NULL OR at < :to)
        AND (CAST(:beforeId AS bigint) IS NULL OR id < :beforeId)
      ORDER BY id DESC LIMIT :limit""")
  List<AuditEntry> search(@Nullable String actor, @Nullable String customerId, @Nullable Instant from,
      @Nullable Instant to, @Nullable Long beforeId, int limit);
}
