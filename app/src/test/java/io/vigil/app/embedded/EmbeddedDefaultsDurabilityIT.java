package io.vigil.app.embedded;

import io.vigil.app.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Killing the embedded servers with SIGKILL and starting them again on the same data folder
 * loses nothing: a running workflow is still running, a committed row is still there.
 */
class EmbeddedDefaultsDurabilityIT {

  @Test
  void givenTheDevServerIsKilled_whenStartedAgain_aRunningWorkflowIsStillRunning() throws Exception {
    Path data = Files.createTempDirectory("vigil-durable-");
    int port = FreePorts.next();
    int uiPort = FreePorts.next();
    String address = TemporalDevServerLauncher.start(data, port, uiPort);
    WorkflowServiceStubs stubs = stubs(address);
    WorkflowStub workflow = WorkflowClient.newInstance(stubs).newUntypedWorkflowStub("NoWorkerNeeded",
        WorkflowOptions.newBuilder().setWorkflowId("durable-" + port).setTaskQueue("nobody-polls").build());
    workflow.start();
    stubs.shutdownNow();

    killHard(Long.parseLong(Files.readString(data.resolve("temporal/server.pid")).trim()));
    assertThat(EmbeddedPostgresLauncher.listening(port)).isFalse();

    WorkflowServiceStubs again = stubs(TemporalDevServerLauncher.start(data, port, uiPort));
    var description = WorkflowClient.newInstance(again).newUntypedWorkflowStub("durable-" + port).describe();
    assertThat(description.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    again.shutdownNow();
    killHard(Long.parseLong(Files.readString(data.resolve("temporal/server.pid")).trim()));
  }

  /**
   * Vigil's SQLite pragmas (write-ahead log, {@code synchronous=normal}) keep every acknowledged start
   * across a kill -9 of the dev server: the log is written before the start is answered, and the OS
   * keeps what a dead process wrote. 300 starts from 6 threads at once, the kill right after the last
   * answer.
   */
  @Test
  void givenVigilsSqlitePragmas_whenTheDevServerIsKilledRightAfterManyStarts_everyStartedWorkflowIsThere() throws Exception {
    Path data = Files.createTempDirectory("vigil-durable-wal-");
    int port = FreePorts.next();
    int uiPort = FreePorts.next();
    WorkflowServiceStubs stubs = stubs(TemporalDevServerLauncher.start(data, port, uiPort, SqlitePragmas.DEFAULT));
    assertThat(data.resolve("temporal/temporal.db-wal")).as("the dev server writes ahead").exists();
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(6);
    java.util.List<java.util.concurrent.Future<?>> started = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String id = "durable-wal-" + i;
      started.add(starters.submit(() -> client.newUntypedWorkflowStub("NoWorkerNeeded",
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("nobody-polls").build()).start()));
    }
    for (var start : started) {
      start.get();
    }
    starters.shutdown();
    stubs.shutdownNow();

    killHard(Long.parseLong(Files.readString(data.resolve("temporal/server.pid")).trim()));

    WorkflowServiceStubs again = stubs(TemporalDevServerLauncher.start(data, port, uiPort, SqlitePragmas.DEFAULT));
    WorkflowClient after = WorkflowClient.newInstance(again);
    for (int i = 0; i < 300; i++) {
      assertThat(after.newUntypedWorkflowStub("durable-wal-" + i).describe().getStatus()).as("durable-wal-" + i)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    again.shutdownNow();
    killHard(Long.parseLong(Files.readString(data.resolve("temporal/server.pid")).trim()));
  }

  @Test
  void givenPostgresIsKilled_whenStartedAgain_committedRowsAreThere() throws Exception {
    Path data = Files.createTempDirectory("vigil-durable-pg-");
    int port = FreePorts.next();
    EmbeddedPostgresLauncher.Database db = EmbeddedPostgresLauncher.start(data, port);
    try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id int)");
      s.execute("INSERT INTO kept VALUES (42)");
    }
    long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
    killHard(postmaster);
    EmbeddedPostgresLauncher.release(data);

    EmbeddedPostgresLauncher.Database again = EmbeddedPostgresLauncher.start(data, port);
    assertThat(again.password()).isEqualTo(db.password());
    try (Connection c = DriverManager.getConnection(again.url(), again.username(), again.password());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(42);
    }
    EmbeddedPostgresLauncher.release(data);
  }

  private static WorkflowServiceStubs stubs(String address) {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
  }

  private static void killHard(long pid) throws Exception {
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
  }

}
