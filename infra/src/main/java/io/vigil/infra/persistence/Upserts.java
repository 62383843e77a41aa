package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A batch of rows through one upsert statement that answers {@code RETURNING (xmax = 0) AS inserted}
 * for a row it wrote and nothing for one it left alone: one transaction, the rows in the order given
 * (callers sort them by key, so that two batches never wait on each other in a cycle).
 */
final class Upserts {
  private Upserts() {}

  interface Binder<T> {
    void bind(Connection connection, PreparedStatement statement, T row) throws SQLException;
  }

  /** Rows created, rows replaced by a different version, rows the statement left as they were. */
  record Counts(int created, int updated, int unchanged) {}

  static <T> Counts run(Sql sql, String upsert, List<T> ordered, Binder<T> binder) {
    return sql.inTransaction(connection -> {
      int created = 0;
      int updated = 0;
      try (PreparedStatement ps = connection.prepareStatement(upsert)) {
        for (T row : ordered) {
          binder.bind(connection, ps, row);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              if (rs.getBoolean(1)) {
                created++;
              } else {
                updated++;
              }
            }
          }
        }
      }
      return new Counts(created, updated, ordered.size() - created - updated);
    });
  }
}
