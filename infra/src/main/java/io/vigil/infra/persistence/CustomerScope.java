package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
