package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which customers a set-based statement covers: all of them, one, a page of ids ({@code after}
 * exclusive, {@code upTo} inclusive, either open) or an explicit list. Each shape renders its own
 * SQL condition, so no statement carries "? IS NULL OR …" branches for the planner to guess at.
 */
public record CustomerScope(String only, String after, String upTo, List<String> ids) {
  private static final CustomerScope ALL = new CustomerScope(null, null, null, null);

  public static CustomerScope all() {
    return ALL;
  }

  /** One customer, or all of them for null. */
  public static CustomerScope of(String customerIdOrNull) {
    return customerIdOrNull == null ? ALL : new CustomerScope(customerIdOrNull, null, null, null);
  }

  /** The customers with {@code afterExclusive < id <= upToInclusive}; a null bound is open. */
  public static CustomerScope range(String afterExclusive, String upToInclusive) {
    return new CustomerScope(null, afterExclusive, upToInclusive, null);
  }

  public static CustomerScope ids(Collection<String> customerIds) {
    return new CustomerScope(null, null, null, List.copyOf(customerIds));
  }

  public boolean isAll() {
    return only == null && after == null && upTo == null && ids == null;
  }

  /** " AND column …" with placeholders, or "" for every customer. */
  public String and(String column) {
    if (only != null) {
      return " AND " + column + " = ?";
    }
    if (ids != null) {
      return " AND " + column + " = ANY(?)";
    }
    return (after == null ? "" : " AND " + column + " > ?") + (upTo == null ? "" : " AND " + column + " <= ?");
  }

  /** Binds the placeholders of {@link #and} from {@code index} on; answers the next free index. */
  public int bind(Connection connection, PreparedStatement ps, int index) throws SQLException {
    int i = index;
    if (only != null) {
      ps.setString(i++, only);
    } else if (ids != null) {
      ps.setArray(i++, connection.createArrayOf("text", ids.toArray()));
    } else {
      if (after != null) {
        ps.setString(i++, after);
      }
      if (upTo != null) {
        ps.setString(i++, upTo);
      }
    }
    return i;
  }

  /**
   * For a scope short of every customer, " AND column = ANY(?)" for the days {@link #bindDays} binds:
   * the rollups' keys lead with the day, so the index is then probed day by day for just the scope's
   * customer ids, where a plain date range would walk every customer's entries of the window. For
   * every customer, "" (the statement's own date range reads them all anyway).
   */
  public String andDays(String column) {
    return isAll() ? "" : " AND " + column + " = ANY(?)";
  }

  /** Binds the days [from, to] for {@link #andDays}; answers the next free index. */
  public int bindDays(Connection connection, PreparedStatement ps, int index, LocalDate from, LocalDate to)
      throws SQLException {
    return bindDays(connection, ps, index, between(from, to));
  }

  /** Binds {@code days} for {@link #andDays}; answers the next free index. */
  public int bindDays(Connection connection, PreparedStatement ps, int index, List<LocalDate> days) throws SQLException {
    if (isAll()) {
      return index;
    }
    ps.setArray(index, connection.createArrayOf("date", days.stream().map(Date::valueOf).toArray()));
    return index + 1;
  }

  /** The days from {@code from} to {@code to}, both included. */
  public static List<LocalDate> between(LocalDate from, LocalDate to) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      days.add(day);
    }
    return days;
  }

  @Override
  public String toString() {
    if (only != null) {
      return "customer " + only;
    }
    if (ids != null) {
      return ids.size() + " customers";
    }
    return isAll() ? "all customers" : "customers (" + after + ", " + upTo + "]";
  }
}
