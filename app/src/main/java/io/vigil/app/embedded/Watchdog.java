package io.vigil.app.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an embedded server when the Vigil that runs it dies, however it dies ({@code kill -9} of the
 * JVM or of its whole process group included), so that nothing is left behind to be picked up by
 * the wrong Vigil.
 *
 * <p>For each server Vigil starts (or adopts), it starts a small bash script in a session of its own
 * ({@code setsid}), so a signal to Vigil's process group does not reach it. The script's standard
 * input is a pipe whose only writing end is held by this JVM: when the JVM is gone, for any reason,
 * the kernel closes that end and the script reads end-of-file. It then stops the server (PostgreSQL:
 * SIGINT, its "fast" shutdown; Temporal: SIGTERM), waits, and escalates (SIGQUIT, "immediate"; SIGKILL)
 * if the server is still running after a grace period. It also ends by itself as soon as its server
 * is gone. It writes what it did to {@code <data folder>/run/watchdog.log}.
 *
 * <p>Who guards which server is recorded in {@code <data folder>/run/<server>.guard}: the Vigil
 * (pid and start time), its watchdog and the server. A later start reads it ({@link #settle}): a server
 * whose Vigil is still alive belongs to that Vigil, and one whose Vigil died is being stopped by its
 * watchdog, which is waited for.
 */
final class Watchdog {
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  static final String SCRIPT_NAME = "vigil-watchdog.sh";
  static final String LOG_NAME = "watchdog.log";

  /** The script; Vigil rewrites it on every start, so edits do not last. */
  static final String SCRIPT = """
      #!/usr/bin/env bash
      # Vigil's watchdog, written by Vigil on every start; edits are overwritten.
      # Usage: vigil-watchdog.sh NAME SERVER_PID STOP_SIGNAL GRACE_SECONDS LAST_SIGNAL VIGIL_PID
      # Standard input is a pipe from the Vigil JVM (pid VIGIL_PID); end of file means that JVM is gone.
      name=$1 server=$2 stop=$3 grace=$4 last=$5 vigil=$6
      log() { printf '%s watchdog %s: %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$$" "$*"; }
      # running, not a zombie (a stopped server whose parent, often init, has not reaped it yet)
      alive() {
        kill -0 "$server" 2>/dev/null || return 1
        local stat
        # the server may be reaped between kill -0 and this read: then there is no stat to read, quietly
        if { read -r stat < "/proc/$server/stat"; } 2>/dev/null; then
          stat=${stat##*) }
          [ "${stat%% *}" != Z ]
        fi
      }
      while alive; do
        read -r -t 1 _
        rc=$?
        # 0: Vigil wrote a line (it never does); above 128: nothing within a second; else end of file
        if [ "$rc" -ne 0 ] && [ "$rc" -le 128 ]; then
          alive || exit 0
          log "Vigil (pid $vigil) is gone; stopping $name (pid $server) with SIG$stop"
          kill -s "$stop" "$server" 2>/dev/null
          for ((i = 0; i < grace * 10; i++)); do
            if ! alive; then log "$name (pid $server) stopped"; exit 0; fi
            sleep 0.1
          done
          log "$name (pid $server) still running after ${grace}s; sending SIG$last"
          kill -s "$last" "$server" 2>/dev/null
          exit 0
        fi
      done
      """;

  /** The processes of the watchdogs this JVM started: held so that their pipes stay open. */
  private static final List<Process> WATCHDOGS = new CopyOnWriteArrayList<>();

  /** How to stop a server: the polite signal, how long to give it, and the last resort. */
  record Stop(String signal, Duration grace, String lastSignal) {}

  static final Stop POSTGRES = new Stop("INT", Duration.ofSeconds(30), "QUIT");
  static final Stop TEMPORAL = new Stop("TERM", Duration.ofSeconds(10), "KILL");

  /** What {@code run/<server>.guard} says: who started (or adopted) the server and who guards it. */
  record Guard(long vigilPid, Instant vigilStarted, long watchdogPid, Instant watchdogStarted, long serverPid) {
    boolean vigilAlive() {
      return alive(vigilPid, vigilStarted);
    }

    boolean watchdogAlive() {
      return alive(watchdogPid, watchdogStarted);
    }

    boolean serverAlive() {
      return alive(serverPid, null);
    }

    boolean vigilIsThisJvm() {
      ProcessHandle self = ProcessHandle.current();
      return vigilPid == self.pid() && sameStart(vigilStarted, self.info().startInstant().orElse(null));
    }
  }

  private Watchdog() {}

  static Path runDirectory(Path dataDir) {
    return dataDir.resolve("run");
  }

  static Path guardFile(Path dataDir, String server) {
    return runDirectory(dataDir).resolve(server + ".guard");
  }

  /**
   * Makes way for this start: a server of the data folder still run by another living Vigil is that
   * Vigil's (refused, naming it); one whose Vigil died while its watchdog lives is being stopped,
   * and is waited for. A server without a living watchdog is left as it is, to be adopted.
   */
  static void settle(Path dataDir, String server, String what) {
    Optional<Guard> recorded = read(dataDir, server);
    if (recorded.isEmpty()) {
      return;
    }
    Guard guard = recorded.get();
    if (guard.vigilIsThisJvm() || !guard.serverAlive()) {
      return;
    }
    if (guard.vigilAlive()) {
      throw new IllegalStateException("The data folder " + dataDir + " is in use by another Vigil (pid "
          + guard.vigilPid() + "), which runs its " + what + " (pid " + guard.serverPid() + "). Stop that Vigil "
          + "first, or start this one with its own VIGIL_DATA_DIR.");
    }
    if (guard.watchdogAlive()) {
      LOG.info("The Vigil (pid {}) that ran the {} of {} is gone; waiting for its watchdog to stop it (pid {})",
          guard.vigilPid(), what, dataDir, guard.serverPid());
      Duration timeout = POSTGRES.grace().plus(TEMPORAL.grace());
      if (!awaitExit(guard.serverPid(), timeout)) {
        throw new IllegalStateException("The " + what + " of " + dataDir + " (pid " + guard.serverPid()
            + ") left by a Vigil that is gone was still running " + timeout.toSeconds() + " s after its watchdog "
            + "began stopping it; see " + runDirectory(dataDir).resolve(LOG_NAME));
      }
    }
  }

  /**
   * Has a watchdog stop the server when this JVM dies. Nothing happens if this JVM already has one on
   * this very server. Without bash the server is left unguarded, with a warning.
   */
  static void guard(Path dataDir, String server, long serverPid, Stop stop) {
    Optional<Guard> recorded = read(dataDir, server);
    if (recorded.isPresent() && recorded.get().vigilIsThisJvm() && recorded.get().serverPid() == serverPid
        && recorded.get().watchdogAlive()) {
      return;
    }
    Path run = PrivateFiles.directory(runDirectory(dataDir));
    Path script = run.resolve(SCRIPT_NAME);
    ProcessHandle self = ProcessHandle.current();
    List<String> command = new ArrayList<>(ownSession());
    command.addAll(List.of("bash", script.toString(), server, String.valueOf(serverPid), stop.signal(),
        String.valueOf(stop.grace().toSeconds()), stop.lastSignal(), String.valueOf(self.pid())));
    try {
      writeIfChanged(script, SCRIPT);
      Process watchdog = new ProcessBuilder(command)
          // never a pipe to this JVM: once it is gone, writing to one would kill the watchdog (SIGPIPE)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve(LOG_NAME).toFile()))
          .redirectErrorStream(true)
          .start();
      WATCHDOGS.add(watchdog);
      ProcessHandle handle = watchdog.toHandle();
      write(dataDir, server, new Guard(self.pid(), self.info().startInstant().orElse(null), handle.pid(),
          handle.info().startInstant().orElse(null), serverPid));
      LOG.debug("Watchdog (pid {}) stops the {} (pid {}) if this Vigil dies", handle.pid(), server, serverPid);
    } catch (IOException e) {
      LOG.warn("Cannot start a watchdog for the {} (pid {}): it will keep running if Vigil is killed ({})",
          server, serverPid, e.getMessage());
    }
  }

  /** Waits until the process is gone; answers whether it is. */
  static boolean awaitExit(long pid, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Optional<ProcessHandle> process = Processes.living(pid);
    while (process.isPresent() && Instant.now().isBefore(deadline)) {
      try {
        // onExit() of a process that is not this JVM's child is polled; a zombie is gone for good
        process.get().onExit().get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException stillThere) {
        // checked below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      process = process.filter(Processes::alive);
    }
    return process.isEmpty();
  }

  static Optional<Guard> read(Path dataDir, String server) {
    Path file = guardFile(dataDir, server);
    if (Files.notExists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
      return Optional.of(new Guard(
          Long.parseLong(properties.getProperty("vigil.pid")),
          instant(properties.getProperty("vigil.started")),
          Long.parseLong(properties.getProperty("watchdog.pid")),
          instant(properties.getProperty("watchdog.started")),
          Long.parseLong(properties.getProperty("server.pid"))));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the unreadable {} ({})", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static void write(Path dataDir, String server, Guard guard) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("vigil.pid", String.valueOf(guard.vigilPid()));
    properties.setProperty("vigil.started", String.valueOf(guard.vigilStarted()));
    properties.setProperty("watchdog.pid", String.valueOf(guard.watchdogPid()));
    properties.setProperty("watchdog.started", String.valueOf(guard.watchdogStarted()));
    properties.setProperty("server.pid", String.valueOf(guard.serverPid()));
    Path file = guardFile(dataDir, server);
    Path partial = Files.createTempFile(file.getParent(), "." + server + ".guard-", ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(partial)) {
        properties.store(out, "Which Vigil runs the embedded " + server + ", and the watchdog that stops it "
            + "when that Vigil dies");
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * The command prefix that starts the watchdog in a new session: util-linux {@code setsid}, else
   * Perl's POSIX::setsid (macOS), else none (a kill of Vigil's process group then takes the watchdog too).
   */
  private static List<String> ownSession() {
    if (onPath("setsid")) {
      return List.of("setsid");
    }
    if (onPath("perl")) {
      return List.of("perl", "-MPOSIX", "-e", "POSIX::setsid(); exec @ARGV or die \"$ARGV[0]: $!\"");
    }
    LOG.warn("Neither setsid nor perl found: the watchdogs share Vigil's process group, and a kill of that group "
        + "takes them with it");
    return List.of();
  }

  private static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && new File(dir, name).canExecute()) {
        return true;
      }
    }
    return false;
  }

  private static void writeIfChanged(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".partial");
    try {
      Files.write(partial, bytes);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static boolean alive(long pid, Instant started) {
    return Processes.living(pid)
        .map(p -> started == null || sameStart(started, p.info().startInstant().orElse(null)))
        .orElse(false);
  }

  /** Start times as two JVMs read them (from the clock ticks in /proc) may differ by a tick. */
  private static boolean sameStart(Instant recorded, Instant actual) {
    return recorded == null || actual == null || Duration.between(recorded, actual).abs().toMillis() < 1000;
  }

  private static Instant instant(String value) {
    return value == null || value.equals("null") ? null : Instant.parse(value);
  }
}
