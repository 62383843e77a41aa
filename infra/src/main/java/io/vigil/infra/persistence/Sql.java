package io.vigil.infra.persistence;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionDefinition.Propagation;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Plain JDBC for the set-based statements (ingestion batches, rollups, detection) that are not
 * repository material. Each call runs in its own transaction on a pooled connection, except inside a
 * Micronaut {@code @Transactional} method: there it joins that transaction, so that an activity's
 * rows, whether written by a repository or here, and its activity-log line commit once, together,
 * on the one connection the activity holds (a second one per activity thread could exhaust the pool).
 */
@Singleton
public class Sql {
  /** The propagations under which a surrounding transaction is open and joined. */
  private static final Set<Propagation> JOINED = EnumSet.of(Propagation.REQUIRED, Propagation.REQUIRES_NEW,
      Propagation.MANDATORY, Propagation.NESTED);

  private final DataSource dataSource;
  private final TransactionOperations<Connection> transactions;

  @Inject
  public Sql(@Named("default") DataSource dataSource, @Named("default") TransactionOperations<Connection> transactions) {
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.transactions = transactions;
  }

  /** Without Micronaut's transactions (tests and benchmarks on a bare DataSource): every call its own transaction. */
  public Sql(DataSource dataSource) {
    this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    this.transactions = null;
  }

  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T inTransaction(Work<T> work) {
    Optional<Connection> surrounding = surroundingTransaction();
    if (surrounding.isPresent()) {
      try {
        // committed (or rolled back, on the exception) by the @Transactional method that opened it
        return work.run(surrounding.get());
      } catch (SQLException e) {
        throw new DataAccessFailure(e);
      }
    }
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

  private Optional<Connection> surroundingTransaction() {
    if (transactions == null) {
      return Optional.empty();
    }
    Optional<? extends TransactionStatus<?>> status = transactions.findTransactionStatus();
    if (status.isEmpty() || status.get().isCompleted()
        || !JOINED.contains(status.get().getTransactionDefinition().getPropagationBehavior())) {
      return Optional.empty();
    }
    return Optional.of(transactions.getConnection());
  }

  public static final class DataAccessFailure extends RuntimeException {
    DataAccessFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
