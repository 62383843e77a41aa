package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.vigil.app.Api;
import io.vigil.app.FreePorts;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.config.PoolSizes;
import io.vigil.app.config.WorkerTuning;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.app.embedded.SqlitePragmas;
import io.vigil.app.faults.VigilProcess;
import io.vigil.app.temporal.WorkerRunner;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.common.Severity;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 12: N usage-drop check-ins parked on approval by one detection run, and M of them approved,
 * each against its floor measured in the same run on the same Temporal dev server. The service runs
 * as its own OS process with the JVM options (and MALLOC_ARENA_MAX) of bin/vigil-dev, so its memory (VmRSS, VmHWM) is its
 * own; the dev server is its own too, started with the SQLite pragmas under test.
 *
 * <ul>
 *   <li>parking: N customers with a 40% drop of daily users planted by SQL, one {@code POST
 *       /api/v1/detections/run}, timed until N drafts wait for approval; the floor: N no-op workflows
 *       of the check-in's shape ({@link ParkingFloorWorkflow}) started one after the other by one
 *       starter with the check-in's start options, on a worker with the service's worker options,
 *       timed until N reached the step where a check-in writes its draft;</li>
 *   <li>approvals: M drafts approved through the API by the CSM from {@code CLIENTS} threads, timed
 *       until M emails are recorded (no Gmail: deliveries are recorded); the floor: M parked no-op
 *       workflows signalled from as many threads, timed until each ran its one activity.</li>
 * </ul>
 *
 * For each of the four timed phases it also prints the CPU time per workflow (per approval) of each
 * process ({@link CpuAccounting}: the service, PostgreSQL with its backends, the dev server, and this
 * JVM, where the floor's worker and starter run), read from /proc before and after the phase: on 2
 * shared cores a rate moves with whatever else runs, the CPU a workflow costs each process hardly.
 *
 * Run it with bench/parking.sh. It asserts what must be true (every check-in parked once, of the
 * floor's shape; every approval one email), never a time.
 */
@Tag("bench")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParkingBenchmarkIT {
  private static final int PARKED = Integer.getInteger("vigil.bench.parked", 10_000);
  private static final int APPROVALS = Integer.getInteger("vigil.bench.approvals", 500);
  private static final int CLIENTS = Integer.getInteger("vigil.bench.clients", 4);
  /** false: the check-ins alone, for the service's memory with many parked (no ratios). */
  private static final boolean FLOOR = Boolean.parseBoolean(System.getProperty("vigil.bench.floor", "true"));
  /** Check-ins (and floor workflows, approvals, signals) run before the clocks start; -Dvigil.bench.warmup. */
  private static final int WARMUP = Integer.getInteger("vigil.bench.warmup", 20);
  /**
   * What the floor's input and first four steps carry, for measuring what bytes cost the dev server:
   * -Dvigil.bench.floor-payload=900 is about a check-in's alert. None by default: the floor is no-op.
   */
  private static final String FLOOR_PAYLOAD = "x".repeat(Integer.getInteger("vigil.bench.floor-payload", 0));
  /**
   * Threads starting the floor's workflows: one by default (the floor's starter); 8 starts them as a
   * detection run starts its check-ins (vigil.detection.dispatch-threads), all within seconds.
   */
  private static final int FLOOR_START_THREADS = Integer.getInteger("vigil.bench.floor-start-threads", 1);
  /**
   * The floor's activity options: "database" (every step DATABASE's, as before) or "checkin" (each
   * step the options of the check-in's step of the same number: the Slack steps' heartbeat timeouts
   * and the slots' read profile), -Dvigil.bench.floor-options.
   */
  private static final String FLOOR_OPTIONS = floorOptions(System.getProperty("vigil.bench.floor-options", "database"));
  /** Activities a medium check-in runs before its wait (checked against a real history). */
  private static final int ACTIVITIES_BEFORE_WAIT = 8;
  /** The check-in's draft is written by its 7th activity: where both clocks stop. */
  private static final int DRAFT_STEP = 7;
  /** A Wednesday; every customer's daily users fell from 30 to 18 over the seven days up to it. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private static final String CSM = "csm-park";
  private static final String FLOOR_QUEUE = "bench-parking-floor";
  private static final Duration GIVE_UP = Duration.ofMinutes(90);
  /** The service hands the SDK's counts to /metrics every 5 s (TemporalFactory): wait that long before reading them. */
  private static final Duration TEMPORAL_METRICS_FLUSH = Duration.ofSeconds(6);

  private final AtomicInteger floorAtDraft = new AtomicInteger();
  private final AtomicInteger floorSent = new AtomicInteger();
  /** Transactions this bench ran in the service's database itself (its polls), not counted as the service's. */
  private final AtomicInteger ownTransactions = new AtomicInteger();
  private final Report report = new Report();
  private Path data;
  private Map<String, Object> servers;
  private VigilProcess vigil;
  private WorkflowServiceStubs stubs;
  private WorkflowClient temporal;
  private WorkerFactory floorWorker;
  private String pragmas;
  private List<String> jvmOptions;
  private String mallocArenaMax;
  /** The bench's own polls of the database share one connection, so they cost PostgreSQL no backend start each. */
  private Connection polls;
  private CpuAccounting cpu;
  /** The service's CPU by thread group (HTTP, workflow code, the SDK's task handling, JIT...) in Vigil's phases. */
  private ThreadCpu serviceThreads;
  private final TemporalCalls floorCalls = new TemporalCalls();
  /** The dev server's own counts (empty if its /metrics was not found: then they are not printed). */
  private Optional<DevServerMetrics> devServer;

  @BeforeAll
  void startServersAndTheService() throws IOException {
    data = Files.createTempDirectory("vigil-parking-");
    String pragmaSetting = System.getProperty("vigil.bench.sqlite-pragmas", "");
    pragmas = SqlitePragmas.parse(pragmaSetting).toString();
    Map<String, String> env = new HashMap<>(Map.of("VIGIL_DATA_DIR", data.resolve("servers").toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(FreePorts.next()), "VIGIL_TEMPORAL_PORT", String.valueOf(FreePorts.next()),
        "VIGIL_TEMPORAL_UI_PORT", String.valueOf(FreePorts.next())));
    env.put(SqlitePragmas.VARIABLE, pragmaSetting);
    servers = EmbeddedDefaults.start(env::get);
    String temporalAddress = String.valueOf(servers.get("temporal.address"));
    jvmOptions = List.of(System.getProperty("vigil.bench.jvm-options", vigilDevJvmOptions()).trim().split("\\s+"));
    mallocArenaMax = System.getProperty("vigil.bench.malloc-arena-max", vigilDevMallocArenaMax());
    vigil = new VigilProcess(jvmOptions, Map.ofEntries(
        Map.entry("DATASOURCES_DEFAULT_URL", String.valueOf(servers.get("datasources.default.url"))),
        Map.entry("DATASOURCES_DEFAULT_USERNAME", String.valueOf(servers.get("datasources.default.username"))),
        Map.entry("DATASOURCES_DEFAULT_PASSWORD", String.valueOf(servers.get("datasources.default.password"))),
        Map.entry("TEMPORAL_ADDRESS", temporalAddress),
        Map.entry("VIGIL_ADMIN_TOKEN", TestInfrastructure.ADMIN_TOKEN),
        Map.entry("VIGIL_DETECTION_SCHEDULE_ENABLED", "false"),
        Map.entry("VIGIL_WEEKLY_REPORT_SCHEDULE_ENABLED", "false"),
        // every planted customer drops on the same day, which Vigil takes for a holiday or a data gap
        // (CommonModeRule) unless told to judge each drop on its own
        Map.entry("VIGIL_DETECTION_COMMON_MODE_MIN_CUSTOMERS", String.valueOf(Integer.MAX_VALUE)),
        Map.entry("MICRONAUT_SERVER_PORT", String.valueOf(FreePorts.next())),
        Map.entry("MALLOC_ARENA_MAX", mallocArenaMax),
        Map.entry("VIGIL_DATA_DIR", data.resolve("vigil").toString())), data.resolve("vigil.log"));
    vigil.start();
    stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress)
        .setGrpcClientInterceptors(List.of(floorCalls.interceptor())).build());
    temporal = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    startFloorWorker();
    cpu = new CpuAccounting(List.of(
        new CpuAccounting.Account("service", vigil.pid(), false),
        new CpuAccounting.Account("PostgreSQL", postmasterPid(), true),
        new CpuAccounting.Account("dev server", temporalPid(), true),
        // the floor's worker and starter run here; the servers are its children, not counted with it
        new CpuAccounting.Account("bench JVM (floor worker)", ProcessHandle.current().pid(), false)));
    serviceThreads = new ThreadCpu(vigil.pid());
    try {
      devServer = DevServerMetrics.of(temporalPid());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      devServer = Optional.empty();
    }
  }

  /** The floor's worker, in this JVM, with the options the service's worker reads from application.yml. */
  private void startFloorWorker() {
    Map<String, Object> yml = serviceConfiguration();
    WorkerTuning tuning = new WorkerTuning(setting(yml, "worker", "workflow-cache-size"),
        setting(yml, "worker", "workflow-pollers"), setting(yml, "worker", "activity-pollers"),
        setting(yml, "worker", "workflow-slots"));
    PoolSizes pools = new PoolSizes(setting(yml, "pools", "http-threads"), setting(yml, "pools", "activity-slots"),
        setting(yml, "pools", "spare-connections"));
    floorWorker = WorkerFactory.newInstance(temporal, WorkerRunner.factoryOptions(tuning).build());
    var worker = floorWorker.newWorker(FLOOR_QUEUE, WorkerRunner.workerOptions(pools, tuning));
    worker.registerWorkflowImplementationTypes(ParkingFloorWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new ParkingFloorWorkflow.Steps() {
      @Override
      public void step(int number, String payload) {
        if (number == DRAFT_STEP) {
          floorAtDraft.incrementAndGet();
        }
      }

      @Override
      public void send() {
        floorSent.incrementAndGet();
      }
    });
    floorWorker.start();
    report.add("worker options (service and floor): workflow cache %d, pollers %d workflow / %d activity, slots %d workflow tasks / %d activities"
        .formatted(tuning.workflowCacheSize(), tuning.workflowPollers(), tuning.activityPollers(),
            tuning.workflowSlots(), pools.activitySlots()));
  }

  @AfterAll
  void stopEverything() {
    if (floorWorker != null) {
      floorWorker.shutdownNow();
    }
    if (vigil != null) {
      vigil.stop();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (polls != null) {
      try {
        polls.close();
      } catch (SQLException ignored) {
        // the server stops with the JVM
      }
    }
  }

  @Test
  void parkedCheckinsAndApprovalsAgainstTheirFloor() throws Exception {
    Api admin = new Api(vigil.baseUrl());
    // no Slack user: the CSM hears by email, recorded as every delivery is here (no credentials)
    Api.Response user = admin.put("/api/users/" + CSM, Map.of("name", "Casey Park", "email", "casey@park.example",
        "role", "csm"));
    assertThat(user.status()).as(user.body().toString()).isEqualTo(200);
    Api csm = Scenarios.signedInAs(admin, CSM);
    plant("park-w", WARMUP);
    plant("park-c", PARKED);
    report.add("N = %,d parked, M = %,d approved by %d clients; floor payload %d bytes, started from %d threads, its options %s; SQLite pragmas: %s; service JVM: %s, MALLOC_ARENA_MAX=%s; machine: %d cores, java %s"
        .formatted(PARKED, APPROVALS, CLIENTS, FLOOR_PAYLOAD.length(), FLOOR_START_THREADS, FLOOR_OPTIONS, pragmas, String.join(" ", jvmOptions), mallocArenaMax,
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));

    // warm-up of both: a few of each parked the same way, so that neither is timed cold (the JIT
    // is not done by then: the CPU per check-in at N = 1,000 still carries its compiling)
    for (int i = 0; i < WARMUP; i++) {
      assertThat(runDetection(admin, "park-w" + id(i)).status()).isIn(200, 202);
    }
    startFloor("park-floor-w/", WARMUP);
    awaitCount("warm-up drafts", WARMUP, () -> pendingDrafts("park-w%"));
    awaitCount("warm-up floor", WARMUP, floorAtDraft::get);
    // and their approvals, so that neither approval path is timed on its first use either
    inParallel(pendingDraftIds("park-w%", WARMUP), id -> approve(csm, id));
    inParallel(floorIds("park-floor-w/", WARMUP), id -> temporal.newUntypedWorkflowStub(id).signal("approve"));
    awaitCount("warm-up emails", WARMUP, () -> approvedEmails("park-w%"));
    awaitCount("warm-up floor sends", WARMUP, floorSent::get);
    idle();

    // the floor first: the check-ins then run on a dev server that already holds N workflows more
    double floorRate = Double.NaN;
    if (FLOOR) {
      CpuAccounting.Reading cpuBefore = cpu.read();
      Map<String, Long> callsBefore = floorCalls.floor();
      Map<String, Long> serverBefore = devServerCounts();
      long floorStarted = System.nanoTime();
      startFloor("park-floor/", PARKED);
      double floorStartSeconds = seconds(floorStarted);
      awaitCount("floor parked", WARMUP + PARKED, floorAtDraft::get);
      floorRate = PARKED / seconds(floorStarted);
      CpuAccounting.Usage floorCpu = cpu.read().since(cpuBefore);
      report.add("parking: floor %.1f workflows/s (%,d starts in %.1f s, load %s)"
          .formatted(floorRate, PARKED, floorStartSeconds, loadAverage()));
      report.add("parking: floor " + floorCpu.perItem(PARKED, "workflow"));
      report.add("parking: floor Temporal calls per workflow: " + TemporalCalls.perItem(callsBefore, floorCalls.floor(), PARKED));
      reportDevServer("parking: floor", serverBefore, PARKED, "workflow");
    }

    DatabaseWork before = databaseWork();
    CpuAccounting.Reading cpuBefore = cpu.read();
    ThreadCpu.Reading threadsBefore = serviceThreads.read();
    Map<String, Long> callsBefore = serviceCalls();
    Map<String, Long> serverBefore = devServerCounts();
    long sweepStarted = System.nanoTime();
    java.time.Instant sweepStartedAt = java.time.Instant.now();
    Api.Response run = runDetection(admin, null);
    assertThat(run.status()).as(run.body().toString()).isIn(200, 202);
    awaitCount("check-ins parked", PARKED, () -> pendingDrafts("park-c%"));
    double vigilRate = PARKED / seconds(sweepStarted);
    CpuAccounting.Usage parkingCpu = cpu.read().since(cpuBefore);
    String parkingThreads = serviceThreads.read().perItem(threadsBefore, PARKED, "check-in");
    Map<String, Long> serverParked = devServerCounts();
    String vigilLoad = loadAverage();
    long rssParked = memoryKb(vigil.pid(), "VmRSS");
    long temporalRss = memoryKb(temporalPid(), "VmRSS");
    assertEveryCheckinParkedOnceInTheFloorsShape();

    report.add("parking: Vigil %.1f check-ins/s from one detection run (load %s): %.2fx of the floor"
        .formatted(vigilRate, vigilLoad, vigilRate / floorRate));
    report.add("parking: Vigil " + parkingCpu.perItem(PARKED, "check-in"));
    report.add("parking: Vigil " + parkingThreads);
    if (!serverParked.isEmpty()) {
      report.add("parking: Vigil dev server's persistence requests per check-in: "
          + TemporalCalls.perItem(serverBefore, serverParked, PARKED));
    }
    DatabaseWork parked = settledDatabaseWork().minus(before);
    Thread.sleep(TEMPORAL_METRICS_FLUSH.toMillis());
    report.add("parking: Vigil Temporal calls per check-in: " + TemporalCalls.perItem(callsBefore, serviceCalls(), PARKED));
    report.add("parking: PostgreSQL per parked check-in: %.1f transactions (commits and rollbacks), %.1f of them writing (each a WAL flush), %.1f rows written (%,d, %,d and %,d over %,d, the detection run's own included)"
        .formatted(parked.transactions() / (double) PARKED, parked.writeTransactions() / (double) PARKED,
            parked.rowsWritten() / (double) PARKED, parked.transactions(), parked.writeTransactions(),
            parked.rowsWritten(), PARKED));
    report.add("parking: workflows the dev server started during Vigil's phase, by type: " + workflowsByType(sweepStartedAt));
    if (FLOOR) {
      report.add("parking: floor's history to its wait: " + eventTypes("park-floor/" + id(0)));
    }
    report.add("parking: a check-in's history to its wait: " + eventTypes(UsageDropCheckinWorkflow.workflowId("park-c" + id(0))));
    report.add("memory with %,d parked (and %,d warm-up check-ins approved, cooling down): service VmRSS %d MB (peak VmHWM %d MB), dev server VmRSS %d MB"
        .formatted(PARKED, WARMUP, rssParked / 1024, memoryKb(vigil.pid(), "VmHWM") / 1024, temporalRss / 1024));

    // approvals: Vigil first, then the floor
    List<String> drafts = pendingDraftIds("park-c%", APPROVALS);
    CpuAccounting.Reading approvalsCpuBefore = cpu.read();
    ThreadCpu.Reading approvalThreadsBefore = serviceThreads.read();
    Map<String, Long> approvalCallsBefore = serviceCalls();
    long approvalsStarted = System.nanoTime();
    inParallel(drafts, id -> approve(csm, id));
    awaitCount("emails recorded", APPROVALS, () -> approvedEmails("park-c%"));
    double vigilApprovals = APPROVALS / seconds(approvalsStarted);
    CpuAccounting.Usage approvalsCpu = cpu.read().since(approvalsCpuBefore);
    String approvalThreads = serviceThreads.read().perItem(approvalThreadsBefore, APPROVALS, "approval");
    String vigilApprovalLoad = loadAverage();
    if (!FLOOR) {
      report.add("approvals: Vigil %.1f approvals -> email/s through the API (load %s)"
          .formatted(vigilApprovals, vigilApprovalLoad));
      report.add("approvals: Vigil " + approvalsCpu.perItem(APPROVALS, "approval"));
      report.add("approvals: Vigil " + approvalThreads);
      report.add("memory at the end: service VmRSS %d MB, peak VmHWM %d MB".formatted(
          memoryKb(vigil.pid(), "VmRSS") / 1024, memoryKb(vigil.pid(), "VmHWM") / 1024));
      return;
    }

    List<String> floorIds = floorIds("park-floor/", APPROVALS);
    CpuAccounting.Reading signalsCpuBefore = cpu.read();
    Map<String, Long> signalCallsBefore = floorCalls.floor();
    long signalsStarted = System.nanoTime();
    inParallel(floorIds, id -> temporal.newUntypedWorkflowStub(id).signal("approve"));
    awaitCount("floor sends", WARMUP + APPROVALS, floorSent::get);
    double floorApprovals = APPROVALS / seconds(signalsStarted);
    CpuAccounting.Usage signalsCpu = cpu.read().since(signalsCpuBefore);
    String floorApprovalLoad = loadAverage();
    assertThat(approvedEmails("park-c%")).as("one email per approval").isEqualTo(APPROVALS);

    report.add("approvals: floor %.1f signal -> activity/s (load %s)".formatted(floorApprovals, floorApprovalLoad));
    report.add("approvals: Vigil %.1f approvals -> email/s through the API (load %s): %.2fx of the floor"
        .formatted(vigilApprovals, vigilApprovalLoad, vigilApprovals / floorApprovals));
    report.add("approvals: floor " + signalsCpu.perItem(APPROVALS, "signal"));
    report.add("approvals: Vigil " + approvalsCpu.perItem(APPROVALS, "approval"));
    report.add("approvals: Vigil " + approvalThreads);
    report.add("approvals: floor Temporal calls per signal: " + TemporalCalls.perItem(signalCallsBefore, floorCalls.floor(), APPROVALS));
    Thread.sleep(TEMPORAL_METRICS_FLUSH.toMillis());
    report.add("approvals: Vigil Temporal calls per approval: " + TemporalCalls.perItem(approvalCallsBefore, serviceCalls(), APPROVALS));
    report.add("memory at the end: service VmRSS %d MB, peak VmHWM %d MB; dev server VmRSS %d MB"
        .formatted(memoryKb(vigil.pid(), "VmRSS") / 1024, memoryKb(vigil.pid(), "VmHWM") / 1024,
            memoryKb(temporalPid(), "VmRSS") / 1024));
  }

  /**
   * What the processes cost doing nothing (the service's and the floor's pollers waiting, the dev
   * server and PostgreSQL idle): a phase that takes longer pays more of it, so a difference in CPU per
   * workflow between two phases of different lengths is read against it.
   */
  private void idle() throws IOException, InterruptedException {
    CpuAccounting.Reading before = cpu.read();
    Thread.sleep(10_000);
    CpuAccounting.Usage idle = cpu.read().since(before);
    report.add("idle: " + idle.perItem((int) Math.round(idle.wallSeconds()), "second"));
  }

  private Map<String, Long> devServerCounts() throws IOException, InterruptedException {
    return devServer.isPresent() ? devServer.get().read() : Map.of();
  }

  private void reportDevServer(String phase, Map<String, Long> before, int items, String item)
      throws IOException, InterruptedException {
    if (devServer.isPresent()) {
      report.add(phase + " dev server's persistence requests per " + item + ": "
          + TemporalCalls.perItem(before, devServerCounts(), items));
    }
  }

  private Map<String, Long> serviceCalls() throws IOException, InterruptedException {
    return TemporalCalls.service(vigil.baseUrl(), TestInfrastructure.ADMIN_TOKEN);
  }

  /** Starts {@code count} floor workflows one after the other, with the start options a check-in gets. */
  private void startFloor(String prefix, int count) throws Exception {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      numbers.add(id(i));
    }
    inParallel(numbers, FLOOR_START_THREADS, number -> {
      String id = prefix + number;
      WorkflowOptions options = WorkflowOptions.newBuilder(PlaybookStarts.forCustomer(id,
              "run/" + AS_OF + "/bench", "Usage drop check-in for Park " + number + " (medium): DAU down 40%",
              "park-floor" + number, CSM, Severity.MEDIUM))
          .setTaskQueue(FLOOR_QUEUE).build();
      WorkflowClient.start(temporal.newWorkflowStub(ParkingFloorWorkflow.class, options)::run, ACTIVITIES_BEFORE_WAIT,
          FLOOR_PAYLOAD, "checkin".equals(FLOOR_OPTIONS));
    });
  }

  /** Every planted customer's check-in has one draft pending, and waits on it after the floor's number of activities. */
  private void assertEveryCheckinParkedOnceInTheFloorsShape() throws SQLException {
    assertThat(pendingDrafts("park-c%")).as("one draft per check-in").isEqualTo(PARKED);
    String sample = UsageDropCheckinWorkflow.workflowId("park-c" + id(0));
    long activities = 0;
    for (HistoryEvent event : temporal.fetchHistory(sample).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        activities++;
      }
    }
    assertThat(activities).as("activities of %s before its wait (the floor runs as many)", sample)
        .isEqualTo(ACTIVITIES_BEFORE_WAIT);
    for (int i = 0; i < PARKED; i += Math.max(1, PARKED / 20)) {
      String customer = "park-c" + id(i);
      awaitCount("parked " + customer, 1, () -> UsageDropCheckinWorkflow.running(temporal, customer)
          .getState().stage().startsWith("waiting for approval") ? 1 : 0);
    }
  }

  private Api.Response runDetection(Api admin, String customerId) {
    String body = customerId == null ? "{\"asOf\":\"" + AS_OF + "\"}"
        : "{\"asOf\":\"" + AS_OF + "\",\"customerId\":\"" + customerId + "\"}";
    return admin.postRaw("/api/v1/detections/run", body, Map.of("Prefer", "respond-async"));
  }

  /**
   * {@code count} customers {@code prefix}00000.. of the CSM, 60 days of rollups: 30 daily users (of
   * 60 a week, 80 a month), 18 over the last seven days, a 40% drop (medium) of daily users only.
   */
  private void plant(String prefix, int count) throws SQLException {
    try (Connection c = database()) {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO customers (id, name, arr, segment, region, csm_id, champion_name, champion_email, product_name, timezone)
          SELECT CAST(? AS text) || lpad(i::text, 5, '0'), 'Park ' || CAST(? AS text) || i, 24000, 'smb', 'NA', ?, 'Champion ' || i,
                 'champion' || i || '@park' || i || '.example', 'Vigil Cloud', 'UTC'
          FROM generate_series(0, ? - 1) AS i""")) {
        ps.setString(1, prefix);
        ps.setString(2, prefix);
        ps.setString(3, CSM);
        ps.setInt(4, count);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO usage_metrics (customer_id, metric_date, dau, wau, mau, logins, login_users, login_wau, sessions, events)
          SELECT CAST(? AS text) || lpad(i::text, 5, '0'), d::date, CASE WHEN d::date > CAST(? AS date) - 7 THEN 18 ELSE 30 END,
                 60, 80, 60, 30, 60, 45, 600
          FROM generate_series(0, ? - 1) AS i
          CROSS JOIN generate_series(CAST(? AS date) - 59, CAST(? AS date), interval '1 day') AS d""")) {
        ps.setString(1, prefix);
        ps.setObject(2, AS_OF);
        ps.setInt(3, count);
        ps.setObject(4, AS_OF);
        ps.setObject(5, AS_OF);
        ps.executeUpdate();
      }
    }
  }

  private long pendingDrafts(String customerPattern) {
    return count("SELECT count(*) FROM approvals WHERE status = 'pending' AND customer_id LIKE ?", customerPattern);
  }

  private long approvedEmails(String customerPattern) {
    return count("SELECT count(*) FROM notifications WHERE channel = 'email' AND idempotency_key LIKE ?",
        "usage-drop/" + customerPattern + "/send-approved");
  }

  private static void approve(Api csm, String approvalId) {
    Api.Response approved = csm.post("/api/approvals/" + approvalId + "/approve", Map.of());
    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
  }

  private static List<String> floorIds(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + id(i));
    }
    return ids;
  }

  private List<String> pendingDraftIds(String customerPattern, int limit) throws SQLException {
    try (Connection c = database(); PreparedStatement ps = c.prepareStatement(
        "SELECT id FROM approvals WHERE status = 'pending' AND customer_id LIKE ? ORDER BY customer_id LIMIT ?")) {
      ps.setString(1, customerPattern);
      ps.setInt(2, limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      assertThat(ids).hasSize(limit);
      return ids;
    }
  }

  /**
   * Transactions and rows written in the service's database so far (pg_stat_database), less this
   * bench's own reads; and the transactions that wrote, exactly: the transaction ids handed out (a
   * read-only transaction takes none).
   */
  private record DatabaseWork(long transactions, long writeTransactions, long rowsWritten) {
    DatabaseWork minus(DatabaseWork earlier) {
      return new DatabaseWork(transactions - earlier.transactions, writeTransactions - earlier.writeTransactions,
          rowsWritten - earlier.rowsWritten);
    }
  }

  private DatabaseWork databaseWork() {
    try (PreparedStatement ps = polls().prepareStatement("""
        SELECT xact_commit + xact_rollback, pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
               tup_inserted + tup_updated + tup_deleted
        FROM pg_stat_database WHERE datname = current_database()""")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new DatabaseWork(rs.getLong(1) - ownTransactions.incrementAndGet(), rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The database's work once the last check-ins' steps after their draft have run too: read until two
   * readings a second apart agree (a backend reports its counts at most twice a second, so a pooled
   * connection may hold back its last few: a handful against thousands).
   */
  private DatabaseWork settledDatabaseWork() throws InterruptedException {
    DatabaseWork last = databaseWork();
    for (int i = 0; i < 60; i++) {
      Thread.sleep(1000);
      DatabaseWork now = databaseWork();
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private long count(String query, String parameter) {
    ownTransactions.incrementAndGet();
    try (PreparedStatement ps = polls().prepareStatement(query)) {
      ps.setString(1, parameter);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection polls() throws SQLException {
    if (polls == null) {
      polls = database();
    }
    return polls;
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection(String.valueOf(servers.get("datasources.default.url")),
        String.valueOf(servers.get("datasources.default.username")),
        String.valueOf(servers.get("datasources.default.password")));
  }

  /** Waits (polling, up to {@link #GIVE_UP}: a hang guard, not a timed assertion) until {@code counter} reaches {@code expected}. */
  private static void awaitCount(String what, long expected, LongSupplier counter) {
    await(what).atMost(GIVE_UP).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(counter.getAsLong()).as(what).isGreaterThanOrEqualTo(expected));
  }

  private interface Call {
    void on(String id) throws Exception;
  }

  /** {@code call} on every id from {@link #CLIENTS} threads. */
  private static void inParallel(List<String> ids, Call call) throws Exception {
    inParallel(ids, CLIENTS, call);
  }

  /** {@code call} on every id from {@code threads} threads (in order from one). */
  private static void inParallel(List<String> ids, int threads, Call call) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<Void>> done = new ArrayList<>();
      for (int c = 0; c < threads; c++) {
        done.add(clients.submit(() -> {
          for (int i = next.getAndIncrement(); i < ids.size(); i = next.getAndIncrement()) {
            call.on(ids.get(i));
          }
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(data.resolve("servers/postgres/postmaster.pid")).get(0).trim());
  }

  private long temporalPid() throws IOException {
    return Long.parseLong(Files.readString(data.resolve("servers/temporal/server.pid")).trim());
  }

  /** A field of /proc/{pid}/status, in kB. */
  private static long memoryKb(long pid, String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
  }

  /** The JVM options bin/vigil-dev starts the service with (its {@code default_java_opts}). */
  private static String vigilDevJvmOptions() throws IOException {
    Matcher options = Pattern.compile("(?m)^default_java_opts=\"([^\"]*)\"").matcher(
        Files.readString(Path.of("..", "bin", "vigil-dev")));
    assertThat(options.find()).as("bin/vigil-dev names its default_java_opts").isTrue();
    return options.group(1);
  }

  /** The MALLOC_ARENA_MAX bin/vigil-dev exports unless it is set. */
  private static String vigilDevMallocArenaMax() throws IOException {
    Matcher arenas = Pattern.compile("(?m)^export MALLOC_ARENA_MAX=\"\\$\\{MALLOC_ARENA_MAX:-(\\d+)}\"").matcher(
        Files.readString(Path.of("..", "bin", "vigil-dev")));
    assertThat(arenas.find()).as("bin/vigil-dev exports MALLOC_ARENA_MAX").isTrue();
    return arenas.group(1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> serviceConfiguration() {
    try (InputStream yml = ParkingBenchmarkIT.class.getResourceAsStream("/application.yml")) {
      Map<String, Object> all = new Yaml().load(yml);
      return (Map<String, Object>) all.get("vigil");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static int setting(Map<String, Object> vigil, String group, String name) {
    return ((Number) ((Map<String, Object>) vigil.get(group)).get(name)).intValue();
  }

  /** Each figure printed as soon as it is measured, so that an interrupted run still tells what it got. */
  private static final class Report {
    void add(String line) {
      System.out.println("PARKING: " + line);
    }
  }

  private static String id(int i) {
    return String.format("%05d", i);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
  }

  private static String floorOptions(String value) {
    if (!List.of("database", "checkin").contains(value)) {
      throw new IllegalArgumentException("-Dvigil.bench.floor-options is database or checkin, not " + value);
    }
    return value;
  }

  /** How many workflows of each type started since {@code since}: what else the dev server ran while the clock ran. */
  private Map<String, Integer> workflowsByType(java.time.Instant since) {
    Map<String, Integer> byType = new java.util.TreeMap<>();
    com.google.protobuf.ByteString page = com.google.protobuf.ByteString.EMPTY;
    do {
      var response = stubs.blockingStub().listWorkflowExecutions(io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest
          .newBuilder().setNamespace("default").setPageSize(1000).setNextPageToken(page)
          .setQuery("StartTime >= '" + since.minusSeconds(1) + "'").build());
      response.getExecutionsList().forEach(e -> byType.merge(e.getType().getName(), 1, Integer::sum));
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return byType;
  }

  /** The types of a workflow's history events so far, in order, short: what the dev server recorded for it. */
  private String eventTypes(String workflowId) {
    List<String> types = new ArrayList<>();
    for (HistoryEvent event : temporal.fetchHistory(workflowId).getEvents()) {
      types.add(event.getEventType().name().replace("EVENT_TYPE_", "").toLowerCase());
    }
    return types.size() + " events: " + String.join(" ", types);
  }
}
