package io.vigil.app.embedded;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Kills the Temporal dev server this JVM started (SIGKILL: no shutdown, whatever it held in memory
 * is gone) and starts it again on the same SQLite file and port, as a crash and a restart of a
 * cluster's history service would: what it had committed to the file is all that survives.
 */
public final class TemporalRestarts {
  private TemporalRestarts() {}

  /** SIGKILL to the dev server of {@code dataDir}; returns once it is gone. */
  public static void kill(Path dataDir) {
    ProcessHandle server = TemporalDevServerLauncher.ownServer(dataDir.resolve(TemporalDevServerLauncher.SERVER))
        .orElseThrow(() -> new IllegalStateException("no Temporal dev server of " + dataDir + " is running"));
    server.destroyForcibly();
    try {
      server.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the Temporal dev server (pid " + server.pid() + ") survived SIGKILL", e);
    }
  }

  /** Starts the dev server of {@code dataDir} again on its file and port (Vigil's default pragmas). */
  public static void start(Path dataDir, int port, int uiPort) {
    TemporalDevServerLauncher.start(dataDir, port, uiPort);
  }
}
