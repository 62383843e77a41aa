package io.vigil.infra.persistence;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/** The health sources' statements: the day first, then the page of customers in place of the scope marker. */
final class HealthStatements {
  private static final String SCOPE = "/*scope*/";

  private HealthStatements() {}

  static PreparedStatement prepare(Connection connection, String sql, LocalDate asOf, CustomerScope scope)
      throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql.replace(SCOPE, scope.and("c.id")));
    ps.setDate(1, Date.valueOf(asOf));
    scope.bind(connection, ps, 2);
    return ps;
  }

  static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }
}
