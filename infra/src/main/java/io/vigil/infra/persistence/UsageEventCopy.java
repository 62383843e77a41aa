package io.vigil.infra.persistence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
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
        utc(rows, e.occurredAt()).append('\n');
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
    if (plain(value)) {
      return rows.append(value);
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

  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code at} as {@link Instant#toString()} writes it, for the years 1970 to 9999 without its
   * formatter (which the ingestion profile showed among the service's hottest frames); other
   * instants through it.
   */
  static StringBuilder utc(StringBuilder out, Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
      return out.append(at);
    }
    long days = seconds / 86_400;
    int ofDay = (int) (seconds - days * 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    digits(out, date.getYear(), 4).append('-');
    digits(out, date.getMonthValue(), 2).append('-');
    digits(out, date.getDayOfMonth(), 2).append('T');
    digits(out, ofDay / 3600, 2).append(':');
    digits(out, ofDay / 60 % 60, 2).append(':');
    digits(out, ofDay % 60, 2);
    int nano = at.getNano();
    if (nano > 0) {
      out.append('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(out, nano / 1_000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    return out.append('Z');
  }

  private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

  /** {@code value} in exactly {@code width} digits, zero-padded (value < 10^width). */
  private static StringBuilder digits(StringBuilder out, int value, int width) {
    for (int unit = POWERS_OF_TEN[width - 1]; unit > 0; unit /= 10) {
      out.append((char) ('0' + value / unit % 10));
    }
    return out;
  }

  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
