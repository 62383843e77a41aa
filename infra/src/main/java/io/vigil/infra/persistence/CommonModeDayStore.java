package io.vigil.infra.persistence;

import jakarta.inject.Singleton;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The common-mode days remembered ({@code common_mode_days}): each later evaluation treats such a
 * day as a day off for its group (the portfolio, or {@code country:XX}), the way it treats a public
 * holiday. What a day's evaluation found replaces what was remembered of that day, so a day that is
 * no longer common-mode when evaluated again (its late events arrived) is forgotten.
 */
@Singleton
public class CommonModeDayStore {
  private final Sql sql;

  public CommonModeDayStore(Sql sql) {
    this.sql = sql;
  }

  /** A remembered day of a group: {@code portfolio} or {@code country:XX}. */
  public record RememberedDay(LocalDate day, String group) {}

  /** A group found common-mode on a day, with the counts that made it so. */
  public record Found(String group, long evaluated, long dropped) {}

  /** The days remembered in [{@code from}, {@code to}], by day. */
  public List<RememberedDay> between(LocalDate from, LocalDate to) {
    return sql.inTransaction(connection -> {
      try (PreparedStatement ps = connection.prepareStatement(
          "SELECT day, group_name FROM common_mode_days WHERE day BETWEEN ? AND ? ORDER BY day, group_name")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        List<RememberedDay> days = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            days.add(new RememberedDay(rs.getDate(1).toLocalDate(), rs.getString(2)));
          }
        }
        return days;
      }
    });
  }

  /**
   * What the evaluation of {@code day} found: the groups {@code found} common-mode are remembered
   * (kept as first recorded when already there), every other group of the day is forgotten.
   * Answers how many rows changed.
   */
  public int replace(LocalDate day, List<Found> found) {
    return sql.inTransaction(connection -> {
      int changed;
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM common_mode_days WHERE day = ? AND NOT (group_name = ANY(?))")) {
        ps.setDate(1, Date.valueOf(day));
        ps.setArray(2, connection.createArrayOf("text", found.stream().map(Found::group).toArray()));
        changed = ps.executeUpdate();
      }
      if (found.isEmpty()) {
        return changed;
      }
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO common_mode_days (day, group_name, evaluated, dropped) VALUES (?, ?, ?, ?)
          ON CONFLICT (day, group_name) DO NOTHING""")) {
        for (Found group : found) {
          ps.setDate(1, Date.valueOf(day));
          ps.setString(2, group.group());
          ps.setLong(3, group.evaluated());
          ps.setLong(4, group.dropped());
          ps.addBatch();
        }
        for (int n : ps.executeBatch()) {
          changed += Math.max(n, 0);
        }
      }
      return changed;
    });
  }
}
