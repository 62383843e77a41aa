package io.vigil.app.faults;

import io.vigil.app.FreePorts;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.vigil.app.Api;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.app.embedded.PostgresRestarts;
import io.vigil.app.faults.DeliveryLedger.Approval;
import io.vigil.app.faults.DeliveryLedger.Counts;
import io.vigil.app.faults.Playbooks.ExpectedDm;
import io.vigil.app.faults.Playbooks.Incident;
import io.vigil.app.faults.ProvidersWithMemory.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Fault injection, measured (docs/reliability.md#fault-injection-measured): the service runs as its
 * own OS process against a PostgreSQL, a Temporal dev server and Slack/Gmail (WireMock with memory)
 * that outlive it, as in production, where the database and the Temporal cluster are services of
 * their own and only the Vigil process crashes. It is killed with SIGKILL at seeded points across
 * the three playbooks, Slack storms 429s and 503s, PostgreSQL is restarted under it; afterwards what
 * the providers took is counted: every owed DM and approved email exactly once.
 *
 * <p>Tagged {@code faults}: run by {@code .ci/faults} ({@code -Dvigil.faults.seed}, {@code
 * -Dvigil.faults.kills} change the plan), not by {@code mvn verify}.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionIT {
  private static final long SEED = Long.getLong("vigil.faults.seed", 20261118L);
  private static final int KILLS = Integer.getInteger("vigil.faults.kills", 20);
  private static final Path REPORT = Path.of("target", "faults-report.txt");

  private Path data;
  private int postgresPort;
  private String temporalAddress;
  private WireMockServer wireMock;
  private final ProvidersWithMemory providers = new ProvidersWithMemory();
  private VigilProcess vigil;
  private Api api;
  private DeliveryLedger ledger;

  @BeforeAll
  void startTheWorldAroundTheService() throws IOException {
    data = Files.createTempDirectory("vigil-faults-");
    postgresPort = FreePorts.next();
    Map<String, Object> servers = EmbeddedDefaults.start(Map.of("VIGIL_DATA_DIR", data.resolve("servers").toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(postgresPort), "VIGIL_TEMPORAL_PORT", String.valueOf(FreePorts.next()),
        "VIGIL_TEMPORAL_UI_PORT", String.valueOf(FreePorts.next()))::get);
    wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(providers));
    wireMock.start();
    wireMock.stubFor(any(anyUrl()).willReturn(ok()));
    temporalAddress = String.valueOf(servers.get("temporal.address"));
    String url = String.valueOf(servers.get("datasources.default.url"));
    String user = String.valueOf(servers.get("datasources.default.username"));
    String password = String.valueOf(servers.get("datasources.default.password"));
    ledger = new DeliveryLedger(providers, url, user, password);
    vigil = new VigilProcess(ServiceAgainstFakes.env(servers, data, wireMock.baseUrl(), "faults",
        Map.of("VIGIL_INCIDENTS_WEBHOOK_TOKEN", "faults-webhook-token")), data.resolve("vigil.log"));
    vigil.start();
    api = new Api(vigil.baseUrl());
    Files.createDirectories(REPORT.getParent());
    Files.deleteIfExists(REPORT);
    report("seed " + SEED + ", " + Runtime.getRuntime().availableProcessors() + " cores, service log " + data.resolve("vigil.log"));
  }

  @AfterAll
  void stopTheWorld() {
    if (vigil != null) {
      vigil.stop();
    }
    if (wireMock != null) {
      wireMock.stop();
    }
  }

  /** Where a kill lands. */
  enum Phase { MID_SEND, MID_APPROVAL, MID_FAN_OUT }

  @Test
  void givenKillsAtSeededPointsAcrossThePlaybooks_everyOwedDeliveryArrivesExactlyOnce() throws Exception {
    String tag = "k" + Long.toString(SEED, 36).toLowerCase();
    Playbooks playbooks = new Playbooks(api, tag);
    Random random = new Random(SEED);
    List<Phase> plan = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      plan.add(Phase.values()[i % 3]);
    }
    Collections.shuffle(plan, random);
    List<ExpectedDm> owed = new ArrayList<>();
    List<String> log = new ArrayList<>();
    long started = System.nanoTime();
    for (int point = 0; point < plan.size(); point++) {
      Phase phase = plan.get(point);
      boolean beforeAnswer = random.nextBoolean();
      long delay = random.nextInt(300);
      String where = switch (phase) {
        case MID_SEND -> killMidSend(playbooks, point, random.nextInt(3), beforeAnswer, delay, owed);
        case MID_APPROVAL -> killMidApproval(playbooks, point, random.nextInt(1500), owed);
        case MID_FAN_OUT -> killMidFanOut(playbooks, point, 1 + random.nextInt(4), beforeAnswer, delay, owed);
      };
      log.add((point + 1) + ". " + phase + ": " + where);
      report("kill " + (point + 1) + "/" + plan.size() + " " + phase + ": " + where);
      vigil.start();
    }
    Counts counts = awaitQuiescence(playbooks, tag, owed);
    report(String.format("kill -9: %d kills (%d mid-send, %d mid-approval, %d mid-fan-out), %d service starts, %.0f s: %s",
        plan.size(), plan.stream().filter(p -> p == Phase.MID_SEND).count(),
        plan.stream().filter(p -> p == Phase.MID_APPROVAL).count(), plan.stream().filter(p -> p == Phase.MID_FAN_OUT).count(),
        vigil.starts(), (System.nanoTime() - started) / 1e9, counts.describe()));
    assertThat(counts.lost()).as(counts.describe()).isZero();
    assertThat(counts.duplicated()).as(counts.describe()).isZero();
    assertThat(counts.dmsOnce()).isEqualTo(owed.size());
  }

  @Test
  void givenSlackStormsOf429And503_everyOwedDmArrivesOnce_andNoPlaybookFails() throws Exception {
    String tag = "s" + Long.toString(SEED, 36).toLowerCase();
    Playbooks playbooks = new Playbooks(api, tag);
    ProvidersWithMemory.Storm storm = new ProvidersWithMemory.Storm(SEED, 0.5);
    providers.storm(storm);
    long started = System.nanoTime();
    List<ExpectedDm> owed = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        owed.add(playbooks.usageDrop(n));
        playbooks.detect(owed.get(owed.size() - 1));
      }
      for (int n = 0; n < 2; n++) {
        owed.add(playbooks.adoption(n));
        playbooks.detect(owed.get(owed.size() - 1));
      }
      Incident incident = playbooks.incident(0, 4);
      owed.addAll(incident.dms());
      playbooks.open(incident);
      Counts counts = awaitQuiescence(playbooks, tag, owed);
      report(String.format("Slack storm (half of the posts refused: %d answered 429 Retry-After 1 s, %d answered 503), %.0f s: %s",
          storm.throttled.get(), storm.unavailable.get(), (System.nanoTime() - started) / 1e9, counts.describe()));
      assertThat(storm.throttled.get() + storm.unavailable.get()).isPositive();
      assertThat(counts.lost()).as(counts.describe()).isZero();
      assertThat(counts.duplicated()).as(counts.describe()).isZero();
      assertThat(counts.dmsOnce()).isEqualTo(owed.size());
      assertThat(failedWorkflows(tag)).as("workflows that ended Failed").isEmpty();
    } finally {
      providers.storm(null);
    }
  }

  @Test
  void givenPostgresRestartedMidFanOut_theWorkflowsResume_andNothingIsLostOrDoubled() throws Exception {
    String tag = "p" + Long.toString(SEED, 36).toLowerCase();
    Playbooks playbooks = new Playbooks(api, tag);
    long started = System.nanoTime();
    List<ExpectedDm> owed = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      owed.add(playbooks.usageDrop(n));
    }
    Incident incident = playbooks.incident(0, 6);
    owed.addAll(incident.dms());
    CountDownLatch restarted = new CountDownLatch(1);
    // Slack answers each post after 1 s, so the fan-out is still under way when the database goes
    providers.slowSends(1_000);
    providers.arm(new Trigger(send -> send.text().contains(incident.title()), 2, false, 0, () -> {
      PostgresRestarts.stop(data.resolve("servers"));
      sleep(3_000);
      PostgresRestarts.start(data.resolve("servers"), postgresPort);
      restarted.countDown();
    }));
    try {
      playbooks.open(incident);
      for (ExpectedDm drop : owed.subList(0, 2)) {
        playbooks.detect(drop);
      }
      assertThat(restarted.await(90, TimeUnit.SECONDS)).as("PostgreSQL was restarted mid-fan-out").isTrue();
    } finally {
      providers.disarm();
      providers.slowSends(0);
    }
    Counts counts = awaitQuiescence(playbooks, tag, owed);
    report(String.format("PostgreSQL stopped for 3 s at the 2nd DM of a 6-CSM fan-out, %.0f s: %s",
        (System.nanoTime() - started) / 1e9, counts.describe()));
    assertThat(counts.lost()).as(counts.describe()).isZero();
    assertThat(counts.duplicated()).as(counts.describe()).isZero();
    assertThat(counts.dmsOnce()).isEqualTo(owed.size());
    assertThat(failedWorkflows(tag)).as("workflows that ended Failed").isEmpty();
  }

  /**
   * A new usage drop or adoption stall (channel 0, 1), or an approved check-in (2): kill when its DM
   * or its email reaches the provider, before the answer or {@code delay} ms after it.
   */
  private String killMidSend(Playbooks playbooks, int point, int which, boolean beforeAnswer, long delay,
      List<ExpectedDm> owed) throws Exception {
    if (which == 2) {
      ExpectedDm drop = playbooks.usageDrop(point);
      owed.add(drop);
      playbooks.detect(drop);
      Approval draft = awaitPendingDraft(drop);
      CountDownLatch killed = armKill(send -> send.provider().equals("gmail") && send.recipient().contains(draft.to()), 1,
          beforeAnswer, delay);
      playbooks.approve(draft.id());
      awaitKill(killed, "the approved check-in of " + drop.what());
      return "Gmail send of the approved check-in of " + drop.what() + answered(beforeAnswer, delay);
    }
    ExpectedDm alert = which == 0 ? playbooks.usageDrop(point) : playbooks.adoption(point);
    owed.add(alert);
    CountDownLatch killed = armKill(send -> send.provider().equals("slack") && send.text().contains(alert.marker()), 1,
        beforeAnswer, delay);
    playbooks.detect(alert);
    awaitKill(killed, "the DM of " + alert.what());
    return "Slack DM of " + alert.what() + answered(beforeAnswer, delay);
  }

  /** A usage drop's draft, approved; the service dies {@code delay} ms after the approval was sent. */
  private String killMidApproval(Playbooks playbooks, int point, int delay, List<ExpectedDm> owed) throws Exception {
    ExpectedDm drop = playbooks.usageDrop(point);
    owed.add(drop);
    playbooks.detect(drop);
    Approval draft = awaitPendingDraft(drop);
    CompletableFuture<java.util.Optional<Integer>> approval = CompletableFuture.supplyAsync(() -> playbooks.approve(draft.id()));
    sleep(delay);
    vigil.kill();
    java.util.Optional<Integer> answer = approval.get(30, TimeUnit.SECONDS);
    return "approval of " + drop.what() + ", killed " + delay + " ms after it was sent ("
        + answer.map(status -> "answered " + status + " first").orElse("unanswered") + ")";
  }

  /** A P2 across four CSMs: kill when the {@code nth} DM reaches Slack. */
  private String killMidFanOut(Playbooks playbooks, int point, int nth, boolean beforeAnswer, long delay,
      List<ExpectedDm> owed) throws Exception {
    Incident incident = playbooks.incident(point, 4);
    owed.addAll(incident.dms());
    CountDownLatch killed = armKill(send -> send.provider().equals("slack") && send.text().contains(incident.title()), nth,
        beforeAnswer, delay);
    playbooks.open(incident);
    awaitKill(killed, "DM " + nth + " of " + incident.title());
    return "DM " + nth + " of 4 of " + incident.title() + answered(beforeAnswer, delay);
  }

  private CountDownLatch armKill(java.util.function.Predicate<ProvidersWithMemory.Send> matches, int nth,
      boolean beforeAnswer, long delay) {
    CountDownLatch killed = new CountDownLatch(1);
    providers.arm(new Trigger(matches, nth, beforeAnswer, delay, () -> {
      vigil.kill();
      killed.countDown();
    }));
    return killed;
  }

  private void awaitKill(CountDownLatch killed, String what) throws InterruptedException {
    boolean fired = killed.await(120, TimeUnit.SECONDS);
    providers.disarm();
    assertThat(fired).as("%s never reached the provider", what).isTrue();
  }

  private static String answered(boolean beforeAnswer, long delay) {
    return beforeAnswer ? ", taken but not yet answered" : ", " + delay + " ms after the answer";
  }

  private Approval awaitPendingDraft(ExpectedDm alert) {
    String customer = alert.what().substring(alert.what().indexOf('/') + 1);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
        ledger.approvals(customer).stream().anyMatch(a -> a.status().equals("pending")));
    return ledger.approvals(customer).stream().filter(a -> a.status().equals("pending")).findFirst().orElseThrow();
  }

  /**
   * Approves every draft of the run as its reviewer would (again, if a kill swallowed the first
   * click) until nothing moves: each owed DM has arrived, every draft is decided and sent, nothing is
   * pending, and the providers took nothing new for two polls in a row. Answers the counts then.
   */
  private Counts awaitQuiescence(Playbooks playbooks, String tag, List<ExpectedDm> owed) {
    long drafts = owed.stream().filter(dm -> !dm.what().startsWith("incident/")).count();
    String[] last = {""};
    await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(4)).until(() -> {
      List<Approval> approvals = ledger.approvals(tag);
      approvals.stream().filter(a -> a.status().equals("pending")).forEach(a -> playbooks.approve(a.id()));
      Counts counts = ledger.count(tag, owed);
      String snapshot = counts + "/" + approvals;
      boolean settled = counts.dmsLost() == 0 && counts.notificationsUndelivered() == 0 && approvals.size() >= drafts
          && approvals.stream().allMatch(a -> a.status().equals("sent") || a.status().equals("failed"))
          && snapshot.equals(last[0]);
      last[0] = snapshot;
      return settled;
    });
    return ledger.count(tag, owed);
  }

  /** The run's workflows Temporal holds as Failed (or timed out, or terminated). */
  private List<String> failedWorkflows(String tag) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    try {
      return stubs.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder().setNamespace("default")
              .setQuery("ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut' OR ExecutionStatus = 'Terminated'")
              .setPageSize(1000).build())
          .getExecutionsList().stream().map(e -> e.getExecution().getWorkflowId()).filter(id -> id.contains(tag)).toList();
    } finally {
      stubs.shutdownNow();
    }
  }

  private void report(String line) throws IOException {
    System.out.println("FAULTS " + line);
    Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
