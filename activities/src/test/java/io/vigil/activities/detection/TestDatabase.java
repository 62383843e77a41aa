package io.vigil.activities.detection;

import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A real PostgreSQL (embedded) with Vigil's migrations applied, for tests below the application. */
public final class TestDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private ApplicationContext beans;

  public TestDatabase() {
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
  }

  /**
   * Vigil's beans (repositories, activities) on this database, started on first use and closed with
   * it; the migrations are already applied, so the context's Flyway stays off.
   */
  public synchronized ApplicationContext beans() {
    return beans(Map.of());
  }

  /** As {@link #beans()}, with {@code more} properties when this call starts the context. */
  public synchronized ApplicationContext beans(Map<String, Object> more) {
    if (beans == null) {
      Map<String, Object> properties = new java.util.HashMap<>(Map.of(
          "datasources.default.url", postgres.getJdbcUrl("postgres", "postgres"),
          "datasources.default.username", "postgres",
          "datasources.default.password", "postgres",
          "datasources.default.driver-class-name", "org.postgresql.Driver",
          "datasources.default.dialect", "POSTGRES",
          "flyway.enabled", false));
      properties.putAll(more);
      beans = ApplicationContext.run(properties);
    }
    return beans;
  }

  /**
   * The properties that make the context's pool count the transactions its connections run
   * ({@link CountingDriver}), without the pool's validation query among them.
   */
  public Map<String, Object> countingTransactions() {
    return Map.of(
        "datasources.default.url", CountingDriver.url(postgres.getJdbcUrl("postgres", "postgres")),
        "datasources.default.driver-class-name", CountingDriver.class.getName(),
        "datasources.default.automatic-validation-query", false);
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  /** Another database on the same server with the migrations applied: state one part of a test keeps apart. */
  public DataSource newDatabase(String name) {
    execute("CREATE DATABASE " + name);
    DataSource other = postgres.getDatabase("postgres", name);
    Flyway.configure().dataSource(other).locations("classpath:db/migration").load().migrate();
    return other;
  }

  /**
   * Empties every table usage lands in (events, their ids, dirty days, rollups), the tables named in
   * {@code alsoTables}, and customers and users with whatever refers to them: one list to extend when
   * the usage store gains a table.
   */
  public void resetUsage(String... alsoTables) {
    java.util.List<String> tables = new java.util.ArrayList<>(java.util.List.of(
        "usage_events", "usage_event_ids", "usage_dirty_days", "usage_metrics", "feature_usage_metrics"));
    tables.addAll(java.util.List.of(alsoTables));
    tables.addAll(java.util.List.of("customers", "users"));
    execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
  }

  public void execute(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row of {@code sql}, as text. */
  public java.util.List<String> query(String sql) {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      java.util.List<String> rows = new java.util.ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (beans != null) {
      beans.close();
    }
    postgres.close();
  }
}
