package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Completing a task (V200): open → done once; completing a done task again changes nothing. */
@Singleton
public class TaskCompletions {
  /**
   * The completion and the row after it in one statement: a data-modifying CTE's outer query sees the
   * table as it was before, so the completed row comes from RETURNING and an untouched one from the table.
   */
  private static final String COMPLETE = "WITH done AS (UPDATE tasks SET status = 'done', completed_at = ?, completed_by = ?"
      + " WHERE id = ? AND status = 'open' RETURNING " + Task.COLUMNS + ", true AS changed)"
      + " SELECT * FROM done UNION ALL SELECT " + Task.COLUMNS + ", false FROM tasks"
      + " WHERE id = ? AND NOT EXISTS (SELECT 1 FROM done)";

  private final Sql sql;

  public TaskCompletions(Sql sql) {
    this.sql = sql;
  }

  /** The task after the call, and whether this call completed it. */
  public record Completed(Task task, boolean changed) {}

  public Optional<Task> find(long id) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + Task.COLUMNS + " FROM tasks WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(task(rs)) : Optional.empty();
        }
      }
    });
  }

  public Optional<Completed> complete(long id, String actor, Instant at) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(COMPLETE)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, actor);
        ps.setLong(3, id);
        ps.setLong(4, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Completed(task(rs), rs.getBoolean("changed"))) : Optional.empty();
        }
      }
    });
  }

  private static Task task(ResultSet rs) throws SQLException {
    return new Task(rs.getLong("id"), rs.getString("title"), rs.getString("description"), rs.getString("assignee_id"),
        rs.getString("customer_id"), rs.getString("priority"), instant(rs, "due_at"), instant(rs, "created_at"),
        rs.getString("status"), rs.getString("workflow_id"), instant(rs, "completed_at"), rs.getString("completed_by"));
  }
}
