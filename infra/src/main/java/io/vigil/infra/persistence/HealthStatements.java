package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The health sources' statements: the day first, then the page of customers in place of its markers,
 * in the order they appear:
 * <ul>
 *   <li>{@code /*scope*}{@code /}: the page's condition on {@code c.id};
 *   <li>{@code /*page alias.customer_id*}{@code /}: the same condition on a rollup table's column, so
 *       that the table is read for the page's ids only, not joined to the page after reading a window;
 *   <li>{@code /*days alias.metric_date 0-34*}{@code /}: the days d-34 … d (ranges of days before d,
 *       comma-separated) as {@code = ANY(days)}, which probes the rollups' (day, customer) key day by day
 *       for the page's ids, as detection does ({@link CustomerScope#andDays}).
 * </ul>
 */
final class HealthStatements {
  private static final Pattern MARKER = Pattern.compile("/\\*(scope|page|days)(?: ([\\w.]+))?(?: ([\\d,-]+))?\\*/");

  private HealthStatements() {}

  private interface Binding {
    int bind(PreparedStatement ps, int index) throws SQLException;
  }

  static PreparedStatement prepare(Connection connection, String sql, LocalDate asOf, CustomerScope scope)
      throws SQLException {
    Matcher m = MARKER.matcher(sql);
    StringBuilder text = new StringBuilder();
    List<Binding> bindings = new ArrayList<>();
    while (m.find()) {
      String condition = switch (m.group(1)) {
        case "scope" -> {
          bindings.add((ps, i) -> scope.bind(connection, ps, i));
          yield scope.and("c.id");
        }
        case "page" -> {
          bindings.add((ps, i) -> scope.bind(connection, ps, i));
          yield scope.and(m.group(2));
        }
        default -> {
          List<LocalDate> days = daysBefore(asOf, m.group(3));
          bindings.add((ps, i) -> scope.bindDays(connection, ps, i, days));
          yield scope.andDays(m.group(2));
        }
      };
      m.appendReplacement(text, Matcher.quoteReplacement(condition));
    }
    m.appendTail(text);
    PreparedStatement ps = connection.prepareStatement(text.toString());
    ps.setDate(1, Date.valueOf(asOf));
    int index = 2;
    for (Binding binding : bindings) {
      index = binding.bind(ps, index);
    }
    return ps;
  }

  /** "0-6,83-89": the days d-6 … d and d-89 … d-83. */
  private static List<LocalDate> daysBefore(LocalDate asOf, String ranges) {
    List<LocalDate> days = new ArrayList<>();
    for (String range : ranges.split(",")) {
      String[] ends = range.split("-");
      days.addAll(CustomerScope.between(asOf.minusDays(Integer.parseInt(ends[1])), asOf.minusDays(Integer.parseInt(ends[0]))));
    }
    return days;
  }

  static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
