package io.vigil.infra.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends GenericRepository<User, String> {
  Optional<User> findById(String id);

  /** The user an identity provider's {@code email} claim names (emails compare case-insensitively). */
  @Query("SELECT * FROM users WHERE lower(email) = lower(:email) ORDER BY id LIMIT 1")
  Optional<User> findByEmailIgnoringCase(String email);

  /** A manager's team: the users whose {@code manager_id} is them. */
  @Query("SELECT id FROM users WHERE manager_id = :managerId ORDER BY id")
  java.util.List<String> findTeamIds(String managerId);

  /** The admins: operators, unless {@code vigil.operators} names others. */
  @Query("SELECT id FROM users WHERE role = 'admin' ORDER BY id")
  java.util.List<String> findAdminIds();

  /** The managers: the weekly report's email recipients. */
  @Query("SELECT id FROM users WHERE role = 'manager' ORDER BY id")
  java.util.List<String> findManagerIds();

  @Query("""
      INSERT INTO users (id, name, email, role, manager_id, slack_user_id)
      VALUES (:id, :name, :email, :role, :managerId, :slackUserId)
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, role = EXCLUDED.role,
        manager_id = EXCLUDED.manager_id, slack_user_id = EXCLUDED.slack_user_id, updated_at = now()""")
  void upsert(String id, String name, String email, String role, @Nullable String managerId, @Nullable String slackUserId);

  /** The Vigil users a Slack account is linked to (one, unless an admin linked it twice). */
  java.util.List<User> findBySlackUserId(String slackUserId);
}
