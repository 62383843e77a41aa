package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The tickets themes are found among: one range, the caller's customers, in (opened, id) order. */
@Singleton
public class ThemeTickets {
  private final Sql sql;

  public ThemeTickets(Sql sql) {
    this.sql = sql;
  }

  /**
   * Tickets opened in [{@code from}, {@code to}) (null: unbounded) of the customers of {@code csmIds}
   * (null: every customer), at most {@code limit}: the newest when there are more.
   */
  public List<ThemeTicket> opened(Instant from, Instant to, List<String> csmIds, int limit) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement("""
          SELECT * FROM (
            SELECT t.id, t.customer_id, c.name, c.arr, c.csm_id, t.category, t.subject, t.body, t.opened_at
            FROM support_tickets t JOIN customers c ON c.id = t.customer_id
            WHERE (?::timestamptz IS NULL OR t.opened_at >= ?) AND (?::timestamptz IS NULL OR t.opened_at < ?)
              AND (?::text[] IS NULL OR c.csm_id = ANY(?))
            ORDER BY t.opened_at DESC, t.id DESC LIMIT ?) newest
          ORDER BY opened_at, id""")) {
        Timestamp start = from == null ? null : Timestamp.from(from);
        Timestamp end = to == null ? null : Timestamp.from(to);
        java.sql.Array csms = csmIds == null ? null : connection.createArrayOf("text", csmIds.toArray());
        ps.setTimestamp(1, start);
        ps.setTimestamp(2, start);
        ps.setTimestamp(3, end);
        ps.setTimestamp(4, end);
        ps.setArray(5, csms);
        ps.setArray(6, csms);
        ps.setInt(7, limit);
        List<ThemeTicket> tickets = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tickets.add(new ThemeTicket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()));
          }
        }
        return tickets;
      }
    });
  }
}
