package io.vigil.app.embedded;

import io.vigil.app.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a Vigil, of its whole process group or of the JVM alone, leaves nothing
 * running: the watchdogs stop the embedded PostgreSQL (which lives in a session of its own) and the
 * Temporal dev server within seconds, and the next start on the same data folder finds the rows and
 * the running workflow.
 * A start on another data folder, with the same ports, is refused rather than served the first
 * folder's database or history.
 */
class EmbeddedDefaultsKill9IT {

  /** A Vigil as far as the embedded servers go: starts them, says so, and waits to be killed. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      EmbeddedDefaults.start(Map.of("VIGIL_DATA_DIR", args[0], "VIGIL_POSTGRES_PORT", args[1],
          "VIGIL_TEMPORAL_PORT", args[2], "VIGIL_TEMPORAL_UI_PORT", args[3])::get);
      System.out.println("EMBEDDED DEFAULTS STARTED");
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }

  @Test
  void givenVigilIsKilled_itsServersStopWithinSeconds_andTheNextStartOnTheFolderFindsEverything() throws Exception {
    Path data = Files.createTempDirectory("vigil-kill9-").resolve("data");
    Map<String, String> env = env(data);
    String url = "jdbc:postgresql://127.0.0.1:" + env.get("VIGIL_POSTGRES_PORT") + "/postgres";
    String workflowId = "pending-" + data.getParent().getFileName();

    Process vigil = startInItsOwnSession(data, env);
    String password = Files.readString(data.resolve("postgres-password")).strip();
    execute(url, password, "CREATE TABLE kept (id int)", "INSERT INTO kept VALUES (42)");
    WorkflowServiceStubs stubs = stubs("127.0.0.1:" + env.get("VIGIL_TEMPORAL_PORT"));
    WorkflowClient.newInstance(stubs).newUntypedWorkflowStub("NoWorkerNeeded",
        WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue("nobody-polls").build()).start();
    stubs.shutdownNow();
    Servers first = servers(data);
    assertThat(sessionOf(first.postmaster())).as("PostgreSQL detaches from Vigil's session")
        .isNotEqualTo(sessionOf(vigil.pid()));
    // while that Vigil lives, the folder is its own
    assertThatThrownBy(() -> EmbeddedDefaults.start(env::get))
        .hasMessageContaining("in use by another Vigil (pid " + vigil.pid() + ")");

    // kill -9 of the whole process group: the JVM and the dev server die at once, PostgreSQL would live on
    new ProcessBuilder("kill", "-9", "--", "-" + vigil.pid()).start().waitFor();
    first.awaitAllGone();
    assertThat(Files.readString(data.resolve("run/watchdog.log"))).contains(
        "stopping postgres (pid " + first.postmaster() + ") with SIGINT", "postgres (pid " + first.postmaster() + ") stopped");

    // the next start on the folder finds the row and the pending workflow
    Process again = startInItsOwnSession(data, env);
    try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    WorkflowServiceStubs restarted = stubs("127.0.0.1:" + env.get("VIGIL_TEMPORAL_PORT"));
    var status = WorkflowClient.newInstance(restarted).newUntypedWorkflowStub(workflowId).describe().getStatus();
    restarted.shutdownNow();
    assertThat(status).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    // kill -9 of the JVM alone (as the OOM killer does): the dev server, in its group, would live on too
    Servers second = servers(data);
    new ProcessBuilder("kill", "-9", String.valueOf(again.pid())).start().waitFor();
    second.awaitAllGone();
    assertThat(Files.readString(data.resolve("run/watchdog.log"))).contains(
        "stopping postgres (pid " + second.postmaster() + ") with SIGINT",
        "stopping temporal (pid " + second.temporal() + ") with SIGTERM",
        "temporal (pid " + second.temporal() + ") stopped");
    assertThat(EmbeddedPostgresLauncher.listening(Integer.parseInt(env.get("VIGIL_POSTGRES_PORT")))).isFalse();
    assertThat(EmbeddedPostgresLauncher.listening(Integer.parseInt(env.get("VIGIL_TEMPORAL_PORT")))).isFalse();
  }

  @Test
  void givenAnotherFoldersServersOnThePorts_aStartIsRefused_namingThePortAndBothFolders() throws Exception {
    Path root = Files.createTempDirectory("vigil-two-folders-");
    Path first = root.resolve("first");
    Map<String, String> env = env(first);
    int pgPort = Integer.parseInt(env.get("VIGIL_POSTGRES_PORT"));
    int temporalPort = Integer.parseInt(env.get("VIGIL_TEMPORAL_PORT"));
    EmbeddedDefaults.start(env::get);
    try {
      Path second = root.resolve("second");
      assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(second, pgPort))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Refusing the PostgreSQL on 127.0.0.1:" + pgPort)
          .hasMessageContaining("serves the data directory " + first.resolve("postgres"))
          .hasMessageContaining("not " + second.resolve("postgres"))
          .hasMessageContaining("VIGIL_DATA_DIR=" + first);
      assertThatThrownBy(() -> TemporalDevServerLauncher.start(second, temporalPort, FreePorts.next()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Refusing the Temporal server on 127.0.0.1:" + temporalPort)
          .hasMessageContaining(first.resolve("temporal/temporal.db").toString())
          .hasMessageContaining(second.resolve("temporal/temporal.db").toString())
          .hasMessageContaining("VIGIL_DATA_DIR=" + first);

      // a copy of the first folder's password gets in, and SHOW data_directory still tells them apart
      Path copy = Files.createDirectories(root.resolve("copy"));
      Files.copy(first.resolve("postgres-password"), copy.resolve("postgres-password"));
      assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(copy, pgPort))
          .hasMessageContaining("127.0.0.1:" + pgPort)
          .hasMessageContaining("serves the data directory " + first.resolve("postgres"))
          .hasMessageContaining("not " + copy.resolve("postgres"));

      // the first folder's own servers, asked for on other ports, say where they are
      int otherPort = FreePorts.next();
      assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(first, otherPort))
          .hasMessageContaining("already running (pid ")
          .hasMessageContaining("on port " + pgPort + ", not on port " + otherPort);
      assertThatThrownBy(() -> TemporalDevServerLauncher.start(first, otherPort, FreePorts.next()))
          .hasMessageContaining("already running (pid ")
          .hasMessageContaining("on port " + temporalPort + ", not on port " + otherPort);

      // the same folder reached through a symbolic link is the same folder
      Path link = Files.createSymbolicLink(root.resolve("link"), first);
      assertThat(EmbeddedPostgresLauncher.start(link, pgPort).password())
          .isEqualTo(Files.readString(first.resolve("postgres-password")).strip());
      assertThat(TemporalDevServerLauncher.start(link, temporalPort, FreePorts.next())).isEqualTo("127.0.0.1:" + temporalPort);
    } finally {
      stop(first);
    }
  }

  /** Starts a child Vigil in a session (and process group) of its own, and waits until its servers run. */
  private static Process startInItsOwnSession(Path data, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.createDirectories(data.getParent());
    Path log = data.resolveSibling("vigil.log");
    Files.deleteIfExists(log);
    Process vigil = new ProcessBuilder("setsid", java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(),
        data.toString(), env.get("VIGIL_POSTGRES_PORT"), env.get("VIGIL_TEMPORAL_PORT"),
        env.get("VIGIL_TEMPORAL_UI_PORT"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertThat(vigil.isAlive()).as("the child Vigil died; see %s", log).isTrue();
      return Files.readString(log).contains("EMBEDDED DEFAULTS STARTED");
    });
    return vigil;
  }

  /** The processes a Vigil runs for its data folder: the servers and their watchdogs. */
  private record Servers(long postmaster, long temporal, List<Long> watchdogs) {
    void awaitAllGone() {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        assertThat(alive(postmaster)).as("postgres").isFalse();
        assertThat(alive(temporal)).as("temporal dev server").isFalse();
        assertThat(watchdogs).noneMatch(EmbeddedDefaultsKill9IT::alive);
      });
    }
  }

  private static Servers servers(Path data) throws IOException {
    return new Servers(EmbeddedPostgresLauncher.postmasterPid(data.resolve("postgres")).orElseThrow(),
        Long.parseLong(Files.readString(data.resolve("temporal/server.pid")).trim()),
        List.of(Watchdog.read(data, "postgres").orElseThrow().watchdogPid(),
            Watchdog.read(data, "temporal").orElseThrow().watchdogPid()));
  }

  /** What the JVM's death would do, in this JVM: stop both servers (their watchdogs then end). */
  private static void stop(Path data) throws IOException {
    EmbeddedPostgresLauncher.release(data);
    TemporalDevServerLauncher.ownServer(data.resolve("temporal")).ifPresent(server -> {
      server.destroy();
      Watchdog.awaitExit(server.pid(), Duration.ofSeconds(10));
    });
  }

  private static Map<String, String> env(Path data) throws IOException {
    return Map.of("VIGIL_DATA_DIR", data.toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(FreePorts.next()),
        "VIGIL_TEMPORAL_PORT", String.valueOf(FreePorts.next()),
        "VIGIL_TEMPORAL_UI_PORT", String.valueOf(FreePorts.next()));
  }

  private static void execute(String url, String password, String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static boolean alive(long pid) {
    return Processes.living(pid).isPresent();
  }

  private static String sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    // after "(comm) ": state, ppid, pgrp, session
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
  }

  private static WorkflowServiceStubs stubs(String address) {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
  }

}
