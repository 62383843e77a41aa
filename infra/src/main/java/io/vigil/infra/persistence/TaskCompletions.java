package io.vigil.infra.persistence;

import static io.vigil.infra.persistence.JdbcValues.instant;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Completing a task (V200): open → done once; completing a done task again changes nothing. */
@Singleton
public class TaskCompletions {
  private static final String COLUMNS = "id, title, description, assignee_id, customer_id, priority, due_at, created_at,"
      + " status, workflow_id, completed_at, completed_by";

  private final Sql sql;

  public TaskCompletions(Sql sql) {
    this.sql = sql;
  }

  /** The task after the call, and whether this call completed it. */
  public record Completed(Task task, boolean changed) {}

  public Optional<Task> find(long id) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new Task(rs.getLong("id"), rs.getString("title"), rs.getString("description"),
              rs.getString("assignee_id"), rs.getString("customer_id"), rs.getString("priority"), instant(rs, "due_at"),
              instant(rs, "created_at"), rs.getString("status"), rs.getString("workflow_id"),
              instant(rs, "completed_at"), rs.getString("completed_by")));
        }
      }
    });
  }

  public Optional<Completed> complete(long id, String actor, Instant at) {
    int changed = sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE tasks SET status = 'done', completed_at = ?, completed_by = ? WHERE id = ? AND status = 'open'")) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, actor);
        ps.setLong(3, id);
        return ps.executeUpdate();
      }
    });
    return find(id).map(task -> new Completed(task, changed == 1));
  }
}
