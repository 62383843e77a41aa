package io.vigil.app.embedded;

import java.nio.file.Path;

/**
 * Restarts an embedded PostgreSQL this JVM started, on the same data directory and port, as an
 * operator's {@code pg_ctl restart} would: a clean stop (connections cut), then a start.
 */
public final class PostgresRestarts {
  private PostgresRestarts() {}

  public static void stop(Path dataDir) {
    EmbeddedPostgresLauncher.release(dataDir);
  }

  public static void start(Path dataDir, int port) {
    EmbeddedPostgresLauncher.start(dataDir, port);
  }
}
