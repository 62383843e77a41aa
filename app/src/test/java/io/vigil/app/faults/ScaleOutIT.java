package io.vigil.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.vigil.app.Api;
import io.vigil.app.FreePorts;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import io.vigil.workflows.sweep.SweepInput;
import io.vigil.workflows.sweep.SweepStage;
import io.vigil.workflows.sweep.SweepState;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Vigil scaled out as docs/deployment.md runs it: one API process ({@code VIGIL_ROLE=api}) and two
 * worker processes ({@code VIGIL_ROLE=worker}), each its own OS process, against one PostgreSQL and
 * one Temporal dev server that outlive them. The daily sweep's slices are shared by both workers;
 * one of them is killed (SIGKILL) mid-sweep, and the sweep still completes with every alert started
 * exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {
  /** A Wednesday; the dropping customers fell from 20 daily users to 4 on the Monday before. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final int CUSTOMERS = 60;
  private static final String PREFIX = "scale-";

  private Path data;
  private VigilProcess api;
  private VigilProcess worker1;
  private VigilProcess worker2;
  /** The worker left running after the sweep's test killed the other. */
  private volatile VigilProcess survivor;
  private WorkflowClient temporal;
  private WorkflowServiceStubs stubs;
  private Api client;

  @BeforeAll
  void startOneApiAndTwoWorkers() throws IOException {
    data = Files.createTempDirectory("vigil-scale-");
    Map<String, Object> servers = EmbeddedDefaults.start(Map.of("VIGIL_DATA_DIR", data.resolve("servers").toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(FreePorts.next()), "VIGIL_TEMPORAL_PORT", String.valueOf(FreePorts.next()),
        "VIGIL_TEMPORAL_UI_PORT", String.valueOf(FreePorts.next()))::get);
    String temporalAddress = String.valueOf(servers.get("temporal.address"));
    Map<String, String> shared = Map.ofEntries(
        Map.entry("DATASOURCES_DEFAULT_URL", String.valueOf(servers.get("datasources.default.url"))),
        Map.entry("DATASOURCES_DEFAULT_USERNAME", String.valueOf(servers.get("datasources.default.username"))),
        Map.entry("DATASOURCES_DEFAULT_PASSWORD", String.valueOf(servers.get("datasources.default.password"))),
        Map.entry("TEMPORAL_ADDRESS", temporalAddress),
        Map.entry("VIGIL_ADMIN_TOKEN", TestInfrastructure.ADMIN_TOKEN),
        Map.entry("VIGIL_DETECTION_SCHEDULE_ENABLED", "false"),
        Map.entry("VIGIL_WEEKLY_REPORT_SCHEDULE_ENABLED", "false"),
        // small slices, so that the 60 customers make 12 slices, 4 at a time, for two workers to share
        Map.entry("VIGIL_DETECTION_PAGE_SIZE", "5"),
        Map.entry("VIGIL_DETECTION_PARALLEL_SLICES", "4"),
        Map.entry("VIGIL_HEALTH_PAGE_SIZE", "5"));
    api = process("api", shared);
    worker1 = process("worker-1", shared);
    worker2 = process("worker-2", shared);
    // the API first: it migrates the database and registers the search attributes
    api.start();
    CompletableFuture.allOf(CompletableFuture.runAsync(worker1::start), CompletableFuture.runAsync(worker2::start)).join();
    client = new Api(api.baseUrl());
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    temporal = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  private VigilProcess process(String name, Map<String, String> shared) {
    Map<String, String> env = new HashMap<>(shared);
    env.put("VIGIL_ROLE", name.startsWith("worker") ? "worker" : "api");
    env.put("MICRONAUT_SERVER_PORT", String.valueOf(FreePorts.next()));
    env.put("VIGIL_DATA_DIR", data.resolve(name).toString());
    return new VigilProcess(env, data.resolve(name + ".log"));
  }

  @AfterAll
  void stopEverything() {
    for (VigilProcess process : new VigilProcess[] {api, worker1, worker2}) {
      if (process != null) {
        process.stop();
      }
    }
    if (stubs != null) {
      stubs.shutdown();
    }
  }

  @Test
  void givenTwoWorkersAndOneKilledMidSweep_theSweepCompletes_andEveryAlertIsStartedExactlyOnce() throws IOException {
    List<String> dropping = givenAPortfolioWhereTwoInFiveDrop();

    String sweepId = "detection-sweep-scale-" + System.nanoTime();
    DetectionSweepWorkflow sweep = temporal.newWorkflowStub(DetectionSweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(sweepId).setTaskQueue(TaskQueues.PLAYBOOKS).build());
    WorkflowClient.start(sweep::run, new SweepInput(AS_OF, null, null));
    // mid-sweep: a wave of slices detected, the rest (and dispatch, and health) still to come
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
      SweepState state = temporal.newWorkflowStub(DetectionSweepWorkflow.class, sweepId).getState();
      return state != null && state.stage() != SweepStage.ROLLING_UP && state.pages() >= 4;
    });
    // the victim is a worker that has done some of the sweep, so the survivor must take over the
    // rest: under load one worker may happen to have taken every slice so far
    Set<String> before = activityWorkers(sweepId);
    VigilProcess victim = before.stream().anyMatch(w -> w.startsWith(worker1.pid() + "@")) ? worker1 : worker2;
    survivor = victim == worker1 ? worker2 : worker1;
    victim.kill();

    SweepState result = WorkflowStub.fromTyped(sweep).getResultAsync(SweepState.class)
        .orTimeout(6, TimeUnit.MINUTES).join();

    assertThat(result.stage()).isEqualTo(SweepStage.DONE);
    assertThat(result.slices().count()).isEqualTo(CUSTOMERS / 5);
    assertThat(result.evaluated() + result.skipped().values().stream().mapToLong(Long::longValue).sum())
        .as("every customer seen once").isEqualTo(CUSTOMERS);
    assertThat(result.alerts()).isEqualTo(dropping.size());
    assertThat(result.started()).as("each alert started its check-in").isEqualTo(dropping.size());
    assertThat(result.suppressed()).as("no alert was taken for another's").isZero();
    assertThat(result.healthScored()).isEqualTo(CUSTOMERS);
    for (String customer : dropping) {
      String workflowId = UsageDropCheckinWorkflow.workflowId(customer);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(temporal.listExecutions("WorkflowId = '" + workflowId + "'").count())
              .as("runs of %s", workflowId).isEqualTo(1));
    }
    assertThat(activityWorkers(sweepId)).as("both workers took slices").hasSizeGreaterThanOrEqualTo(2);
    assertThat(Files.readString(data.resolve("api.log"))).as("the API process runs no worker")
        .doesNotContain("Worker polling task queue");
  }

  /** The identities of the workers whose activities of the sweep have completed so far. */
  private Set<String> activityWorkers(String sweepId) {
    Set<String> workers = new java.util.TreeSet<>();
    for (HistoryEvent event : temporal.fetchHistory(sweepId).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        workers.add(event.getActivityTaskStartedEventAttributes().getIdentity());
      }
    }
    return workers;
  }

  @Test
  void givenAWorker_itServesItsProbes_butNoApi() {
    Api onWorker = new Api((survivor != null ? survivor : worker2).baseUrl());
    assertThat(onWorker.anonymous().get("/health").status()).isEqualTo(200);
    Api.Response customers = onWorker.get("/api/customers");
    assertThat(customers.status()).isEqualTo(404);
    assertThat(customers.body().get("message").asText()).contains("VIGIL_ROLE=worker").contains("/api/customers");
    assertThat(onWorker.anonymous().get("/").status()).as("not even the dashboard").isEqualTo(404);
  }

  /** {@code CUSTOMERS} customers with 60 days of logins of 20 users; every customer whose index is 0 or 1 mod 5 drops to 4. */
  private List<String> givenAPortfolioWhereTwoInFiveDrop() {
    Api.Response csm = client.put("/api/users/csm-scale", Map.of("name", "Casey Csm", "email", "casey@example.com",
        "role", "csm"));
    assertThat(csm.status()).as(csm.body().toString()).isEqualTo(200);
    LocalDate monday = AS_OF.minusDays(2);
    List<String> dropping = new ArrayList<>();
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String customer = PREFIX + String.format("%03d", i);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "Scale " + i);
      body.put("arr", 50000);
      body.put("segment", "mid_market");
      body.put("region", "na");
      body.put("csmId", "csm-scale");
      body.put("championName", "Robin Scale");
      body.put("championEmail", "robin@scale" + i + ".example.com");
      Api.Response put = client.put("/api/customers/" + customer, body);
      assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
      boolean drops = i % 5 < 2;
      if (drops) {
        dropping.add(customer);
      }
      for (LocalDate day = AS_OF.minusDays(60); !day.isAfter(AS_OF); day = day.plusDays(1)) {
        int users = drops && !day.isBefore(monday) ? 4 : 20;
        for (int u = 0; u < users; u++) {
          events.add(Scenarios.event(customer, "user-" + u, "login", null,
              day.atTime(9, u).toInstant(ZoneOffset.UTC).toString(), customer + "-" + day + "-" + u));
        }
      }
      if (events.size() >= 5_000) {
        ingest(events);
      }
    }
    ingest(events);
    return dropping;
  }

  private void ingest(List<Map<String, Object>> events) {
    if (events.isEmpty()) {
      return;
    }
    Api.Response response = client.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    events.clear();
  }
}
