package io.vigil.infra.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes usage events into {@code usage_events} with COPY (PostgreSQL's text format), on the
 * caller's connection and so in its transaction: several times the rows per second of a batched
 * INSERT, which pays a statement execution per row.
 */
final class UsageEventCopy {
  private static final String COPY = "COPY usage_events (event_id, customer_id, user_id, event_type, feature_id, occurred_at)"
      + " FROM STDIN";
  private static final int CHUNK = 1 << 16;

  private UsageEventCopy() {}

  static long copy(Connection connection, List<UsageEventRow> events) throws SQLException {
    CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder rows = new StringBuilder(CHUNK + 1024);
      for (UsageEventRow e : events) {
        field(rows, e.eventId()).append('\t');
        field(rows, e.customerId()).append('\t');
        field(rows, e.userId()).append('\t');
        field(rows, e.eventType()).append('\t');
        field(rows, e.featureId()).append('\t');
        rows.append(e.occurredAt()).append('\n');
        if (rows.length() >= CHUNK) {
          write(in, rows);
        }
      }
      write(in, rows);
      return in.endCopy();
    } finally {
      if (in.isActive()) {
        in.cancelCopy();
      }
    }
  }

  private static void write(CopyIn in, StringBuilder rows) throws SQLException {
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    in.writeToCopy(bytes, 0, bytes.length);
    rows.setLength(0);
  }

  /** A text-format field: \N for null; backslash, tab, newline and carriage return escaped. */
  private static StringBuilder field(StringBuilder rows, String value) {
    if (value == null) {
      return rows.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> rows.append("\\\\");
        case '\t' -> rows.append("\\t");
        case '\n' -> rows.append("\\n");
        case '\r' -> rows.append("\\r");
        default -> rows.append(c);
      }
    }
    return rows;
  }
}
