package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creating, editing, disabling and enabling trigger rules, each with who did it (V240): the change and
 * its history row in one transaction, the rule as it was and as it became. A change that changes
 * nothing (the same edit again, disabling a disabled rule) writes nothing, so a retried request leaves
 * one history row.
 */
@Singleton
public class TriggerRuleChanges {
  /** A rule's state in its history: every column but the bookkeeping ones. */
  private static final String STATE = "to_jsonb(t) - 'created_at' - 'updated_at' - 'updated_by'";

  private final Sql sql;

  public TriggerRuleChanges(Sql sql) {
    this.sql = sql;
  }

  /** What an edit sets: everything but the id, the type and whether it is enabled. */
  public record Definition(String name, String segment, String metricType, BigDecimal threshold, int comparisonPeriodDays,
      int cooldownDays, String minSeverity, List<String> actions) {}

  /** One change: {@code change} is created, updated, disabled or enabled; {@code before} null for created. */
  public record Change(long id, String triggerId, Instant at, String actor, String change, String before, String after) {}

  public void create(String id, String type, Definition rule, String actor) {
    sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO triggers (id, type, name, segment, metric_type, threshold, comparison_period_days, cooldown_days,
            min_severity, actions, enabled, updated_at, updated_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, now(), ?)""")) {
        ps.setString(1, id);
        ps.setString(2, type);
        bindDefinition(connection, ps, 3, rule);
        ps.setString(11, actor);
        ps.executeUpdate();
      }
      record(connection, id, actor, "created", null, state(connection, id).orElseThrow());
      return null;
    });
  }

  /** The rule after the edit, and whether it changed; empty when there is no such rule. */
  public Optional<Changed> update(String id, Definition rule, String actor) {
    return apply(id, actor, "updated", connection -> {
      PreparedStatement ps = connection.prepareStatement("""
          UPDATE triggers SET name = ?, segment = ?, metric_type = ?, threshold = ?, comparison_period_days = ?,
            cooldown_days = ?, min_severity = ?, actions = ? WHERE id = ?""");
      bindDefinition(connection, ps, 1, rule);
      ps.setString(9, id);
      return ps;
    });
  }

  public Optional<Changed> setEnabled(String id, boolean enabled, String actor) {
    return apply(id, actor, enabled ? "enabled" : "disabled", connection -> {
      PreparedStatement ps = connection.prepareStatement("UPDATE triggers SET enabled = ? WHERE id = ?");
      ps.setBoolean(1, enabled);
      ps.setString(2, id);
      return ps;
    });
  }

  /** Whether the call changed the rule (a history row was written). */
  public record Changed(boolean changed) {}

  /** Newest first. */
  public List<Change> history(String triggerId, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT id, trigger_id, at, actor, change, before::text AS before, after::text AS after FROM trigger_changes
          WHERE trigger_id = ? ORDER BY at DESC, id DESC LIMIT ?""")) {
        ps.setString(1, triggerId);
        ps.setInt(2, limit);
        List<Change> changes = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            changes.add(new Change(rs.getLong("id"), rs.getString("trigger_id"), instant(rs, "at"), rs.getString("actor"),
                rs.getString("change"), rs.getString("before"), rs.getString("after")));
          }
        }
        return changes;
      }
    });
  }

  private interface Statement {
    PreparedStatement prepare(Connection connection) throws SQLException;
  }

  private Optional<Changed> apply(String id, String actor, String change, Statement update) {
    return sql.inTransaction(connection -> {
      Optional<String> before = lockedState(connection, id);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      try (PreparedStatement ps = update.prepare(connection)) {
        ps.executeUpdate();
      }
      String after = state(connection, id).orElseThrow();
      // jsonb prints its keys in one canonical order, so equal states print alike
      if (after.equals(before.get())) {
        return Optional.of(new Changed(false));
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE triggers SET updated_at = now(), updated_by = ? WHERE id = ?")) {
        ps.setString(1, actor);
        ps.setString(2, id);
        ps.executeUpdate();
      }
      record(connection, id, actor, change, before.get(), after);
      return Optional.of(new Changed(true));
    });
  }

  private static void bindDefinition(Connection connection, PreparedStatement ps, int first, Definition rule)
      throws SQLException {
    int i = first;
    ps.setString(i++, rule.name());
    ps.setString(i++, rule.segment());
    ps.setString(i++, rule.metricType());
    ps.setBigDecimal(i++, rule.threshold());
    ps.setInt(i++, rule.comparisonPeriodDays());
    ps.setInt(i++, rule.cooldownDays());
    ps.setString(i++, rule.minSeverity());
    ps.setArray(i, connection.createArrayOf("text", rule.actions().toArray()));
  }

  private static Optional<String> lockedState(Connection connection, String id) throws SQLException {
    return readState(connection, "SELECT " + STATE + "::text FROM triggers t WHERE id = ? FOR UPDATE", id);
  }

  private static Optional<String> state(Connection connection, String id) throws SQLException {
    return readState(connection, "SELECT " + STATE + "::text FROM triggers t WHERE id = ?", id);
  }

  private static Optional<String> readState(Connection connection, String query, String id) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(query)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void record(Connection connection, String id, String actor, String change, String before, String after)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO trigger_changes (trigger_id, actor, change, before, after)
        VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""")) {
      ps.setString(1, id);
      ps.setString(2, actor);
      ps.setString(3, change);
      ps.setString(4, before);
      ps.setString(5, after);
      ps.executeUpdate();
    }
  }
}
