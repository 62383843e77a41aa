package io.vigil.infra.persistence;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC for the set-based statements (ingestion batches, rollups, detection) that are not
 * repository material. Each call runs in its own transaction on a pooled connection.
 */
@Singleton
public class Sql {
  private final DataSource dataSource;

  public Sql(@Named("default") DataSource dataSource) {
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
  }

  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DataAccessFailure(e);
    }
  }

  public static final class DataAccessFailure extends RuntimeException {
    DataAccessFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
