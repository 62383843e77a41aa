package io.vigil.activities.detection;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A JDBC driver in front of pgjdbc ({@code jdbc:counting:postgresql://...}) counting the transactions
 * its connections run on PostgreSQL, read-only ones included (which take no transaction id, so
 * {@code pg_current_snapshot()} cannot count them, and which PostgreSQL 14's {@code pg_stat_database}
 * reports only when a backend gets round to it): a statement run in autocommit is one, and so is a
 * commit or rollback of a transaction that ran a statement (pgjdbc sends its BEGIN with the first
 * statement, none for an empty one). The pool's liveness checks ({@link Connection#isValid}) do not go
 * through a statement and are not counted. One counter for the whole JVM: one database per test class.
 */
public class CountingDriver implements Driver {
  private static final String PREFIX = "jdbc:counting:";
  private static final AtomicLong TRANSACTIONS = new AtomicLong();
  private final Driver postgres = new org.postgresql.Driver();

  /** {@code jdbcUrl} through this driver. */
  public static String url(String jdbcUrl) {
    return PREFIX + jdbcUrl.substring("jdbc:".length());
  }

  /** The transactions every connection made here has run so far. */
  public static long transactions() {
    return TRANSACTIONS.get();
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection real = postgres.connect("jdbc:" + url.substring(PREFIX.length()), info);
    return (Connection) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {Connection.class},
        new Counted(real));
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  /** One connection: whether it is in a transaction that has run a statement. */
  private static final class Counted implements InvocationHandler {
    private final Connection real;
    private boolean statementInTransaction;

    Counted(Connection real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "commit", "rollback" -> {
          if (args == null || args.length == 0) {
            ended();
          }
        }
        case "setAutoCommit" -> {
          if ((Boolean) args[0] && !real.getAutoCommit()) {
            ended(); // JDBC: switching autocommit on commits the open transaction
          }
        }
        case "close" -> statementInTransaction = false; // the pool rolls back what it returns dirty
        default -> { }
      }
      Object result = call(real, method, args);
      if (result instanceof Statement statement && method.getName().matches("createStatement|prepareStatement|prepareCall")) {
        return statement(statement, method.getReturnType());
      }
      return result;
    }

    private void ended() {
      if (statementInTransaction) {
        TRANSACTIONS.incrementAndGet();
        statementInTransaction = false;
      }
    }

    private Object statement(Statement real, Class<?> type) {
      return Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type},
          (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
              if (this.real.getAutoCommit()) {
                TRANSACTIONS.incrementAndGet();
              } else {
                statementInTransaction = true;
              }
            }
            return call(real, method, args);
          });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
