package io.vigil.app.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.vigil.app.Api;
import io.vigil.app.FreePorts;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.embedded.EmbeddedDefaults;
import io.vigil.app.embedded.TemporalRestarts;
import io.vigil.app.faults.Playbooks.ExpectedDm;
import io.vigil.app.faults.ProvidersWithMemory.Trigger;
import io.vigil.app.security.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Temporal server dies mid-approval (docs/reliability.md#temporal-server-restarted-mid-approval):
 * the dev server is killed with SIGKILL and started again on the same SQLite file while check-ins
 * wait for, take, and act on their approval; the Vigil service (its own process, as in {@link
 * FaultInjectionIT}) stays up. Each approved check-in must send its email exactly once, with the
 * subject and body its row holds, and its workflow must complete.
 *
 * <p>The hard moment is the one {@code decision-recorded-locally} opened: the decision is written
 * (the local activity) in the workflow task that accepts the update, so a server that dies before
 * that task's completion is durable forgets the update while the row says approved. The test makes
 * that moment happen every time: it holds a lock on the approval row, so the write waits; kills the
 * server while it waits; then lets the write commit.
 *
 * <p>Tagged {@code faults} (about two minutes: a service start, four server restarts and the
 * worker's reconnections): run by {@code .ci/faults}, not by {@code mvn verify}.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemporalRestartIT {
  private static final Path REPORT = Path.of("target", "temporal-restart-report.txt");
  /** How long the caller of the approval waits for an answer, as a browser or proxy would at most. */
  private static final Duration CALLER_PATIENCE = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String tag = "t" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
  private final ProvidersWithMemory providers = new ProvidersWithMemory();
  private Path servers;
  private int temporalPort;
  private int temporalUiPort;
  private String temporalAddress;
  private String jdbcUrl;
  private String dbUser;
  private String dbPassword;
  private WireMockServer wireMock;
  private VigilProcess vigil;
  private Api api;
  private Playbooks playbooks;

  @BeforeAll
  void startTheWorldAroundTheService() throws IOException {
    Path data = Files.createTempDirectory("vigil-trestart-");
    servers = data.resolve("servers");
    temporalPort = FreePorts.next();
    temporalUiPort = FreePorts.next();
    Map<String, Object> started = EmbeddedDefaults.start(Map.of("VIGIL_DATA_DIR", servers.toString(),
        "VIGIL_POSTGRES_PORT", String.valueOf(FreePorts.next()), "VIGIL_TEMPORAL_PORT", String.valueOf(temporalPort),
        "VIGIL_TEMPORAL_UI_PORT", String.valueOf(temporalUiPort))::get);
    temporalAddress = String.valueOf(started.get("temporal.address"));
    jdbcUrl = String.valueOf(started.get("datasources.default.url"));
    dbUser = String.valueOf(started.get("datasources.default.username"));
    dbPassword = String.valueOf(started.get("datasources.default.password"));
    wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(providers));
    wireMock.start();
    wireMock.stubFor(any(anyUrl()).willReturn(ok()));
    vigil = new VigilProcess(ServiceAgainstFakes.env(started, data, wireMock.baseUrl(), "trestart", Map.of()),
        data.resolve("vigil.log"));
    vigil.start();
    api = new Api(vigil.baseUrl());
    playbooks = new Playbooks(api, tag);
    Files.createDirectories(REPORT.getParent());
    Files.deleteIfExists(REPORT);
    report("service log " + data.resolve("vigil.log") + ", dev server log " + servers.resolve("temporal/server.log"));
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

  /** What the approver saw of one approval, and what came of it. */
  private record Decided(String moment, Answer first, List<String> retries) {}

  @Test
  void givenTheTemporalServerKilledAtEachMomentOfAnApproval_everyApprovedEmailIsSentOnce_andEveryCheckinCompletes()
      throws Exception {
    givenCheckinsEndWithTheirApproval();
    List<ExpectedDm> drops = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      drops.add(playbooks.usageDrop(n));
    }
    drops.forEach(playbooks::detect);
    List<String> drafts = drops.stream().map(this::awaitPendingDraft).toList();
    long started = System.nanoTime();

    List<Decided> decided = new ArrayList<>();
    decided.add(reported(killedBeforeTheApproval(drafts.get(0))));
    decided.add(reported(killedWhileTheDecisionIsWritten(drafts.get(1), Duration.ZERO)));
    decided.add(reported(killedWhileTheDecisionIsWritten(drafts.get(2), CALLER_PATIENCE)));
    decided.add(reported(killedAtTheSend(drafts.get(3))));

    for (int n = 0; n < drafts.size(); n++) {
      String id = drafts.get(n);
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> row(id).status().equals("sent"));
      Row row = row(id);
      List<ProvidersWithMemory.Mail> mails = providers.mails().stream().filter(m -> m.to() != null && m.to().contains(row.to())).toList();
      report(String.format("%s: row %s by %s; Gmail took %d message(s); workflow %s", decided.get(n).moment(),
          row.status(), row.decidedBy(), mails.size(), workflowStatus(row.workflowId())));
      assertThat(mails).as("%s: the approved email, exactly once", decided.get(n).moment()).hasSize(1);
      assertThat(mails.get(0).subject()).as("the subject sent is the row's (the approver's edit)").isEqualTo(row.subject())
          .isEqualTo(editedSubject(id));
      assertThat(mails.get(0).text().strip()).as("the body sent is the row's (the approver's edit)")
          .isEqualTo(row.body().strip()).isEqualTo(editedBody(id));
      assertThat(row.decidedBy()).as("decided by the approver").isEqualTo(ApiTokens.ENV_ADMIN_CREDENTIAL);
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(workflowStatus(row.workflowId())).as("the check-in of %s", row.customerId())
              .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED));
    }
    report(String.format("4 check-ins, 4 kills of the dev server, %.0f s from the first kill", (System.nanoTime() - started) / 1e9));
  }

  private static Decided reported(Decided decided) throws IOException {
    report(decided.moment() + ": the approver's first answer " + decided.first().describe() + "; retries " + decided.retries());
    // whatever the moment, the approver is answered, and an answer that is not the decision says to try again
    assertThat(decided.first().status()).as(decided.moment()).isIn(200, 202, 503);
    if (decided.first().status() == 503) {
      assertThat(decided.first().retryAfter()).as("Retry-After of the 503").isEqualTo("5");
    }
    return decided;
  }

  /** The draft waits; the server dies and comes back; then the approver decides. */
  private Decided killedBeforeTheApproval(String id) {
    TemporalRestarts.kill(servers);
    TemporalRestarts.start(servers, temporalPort, temporalUiPort);
    Answer first = approve(id);
    return new Decided("killed before the approval", first, retryUntilDecided(id, first));
  }

  /**
   * The approval's update reaches the workflow, whose task writes the decision: the server is killed
   * while that write waits on a lock this test holds, then the write commits, so the row says
   * approved and the update's acceptance never became durable. The server comes back after {@code
   * outage} (zero: at once; else once the approver's call has answered, or the caller gave up).
   */
  private Decided killedWhileTheDecisionIsWritten(String id, Duration outage) throws Exception {
    CompletableFuture<Answer> call;
    try (Connection lock = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
      lock.setAutoCommit(false);
      int lockPid = lockRow(lock, id);
      call = CompletableFuture.supplyAsync(() -> approve(id));
      CompletableFuture<Answer> answer = call;
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
          assertThat(blockedBy(lockPid)).as(() -> "the decision's write waiting on the test's lock; the approval "
              + (answer.isDone() ? "answered " + answer.join().describe() : "still waits")).isPositive());
      TemporalRestarts.kill(servers);
      lock.rollback();
    }
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> row(id).status().equals("approved"));
    String moment;
    if (outage.isZero()) {
      TemporalRestarts.start(servers, temporalPort, temporalUiPort);
      moment = "killed while the decision was written, restarted at once";
    } else {
      try {
        call.get(outage.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillWaiting) {
        // the caller is still waiting after the outage: the answer says so below
      }
      TemporalRestarts.start(servers, temporalPort, temporalUiPort);
      moment = "killed while the decision was written, down until the caller's answer";
    }
    Answer first = call.get(CALLER_PATIENCE.toSeconds() + 30, TimeUnit.SECONDS);
    if (!outage.isZero()) {
      // the caller is told within the service's own wait for Temporal, before a proxy's 60 s, that the
      // decision is recorded and that deciding again is safe
      assertThat(first.status()).as(first.describe()).isEqualTo(503);
      assertThat(first.millis()).as("answered within the service's wait for Temporal (20 s) and a margin").isLessThan(40_000);
      assertThat(first.body()).contains("your decision on approval " + id + " is recorded (approved by", "Decide again");
    }
    return new Decided(moment, first, retryUntilDecided(id, first));
  }

  /** Approved and answered; the server dies when Gmail has taken the email, before Gmail answers. */
  private Decided killedAtTheSend(String id) throws Exception {
    Row row = row(id);
    CountDownLatch killed = new CountDownLatch(1);
    providers.arm(new Trigger(send -> send.provider().equals("gmail") && send.recipient().contains(row.to()), 1, true, 0,
        () -> {
          TemporalRestarts.kill(servers);
          killed.countDown();
        }));
    Answer first;
    try {
      first = approve(id);
      assertThat(killed.await(120, TimeUnit.SECONDS)).as("the send reached Gmail").isTrue();
    } finally {
      providers.disarm();
    }
    TemporalRestarts.start(servers, temporalPort, temporalUiPort);
    return new Decided("killed at the Gmail send", first, retryUntilDecided(id, first));
  }

  /**
   * What the approver does after an answer other than 200: decides again (the same person, the same
   * edits) until the answer is 200, or 409 because the workflow has the decision already. Answers
   * what each retry saw.
   */
  private List<String> retryUntilDecided(String id, Answer first) {
    List<String> retries = new ArrayList<>();
    if (first.status() == 200) {
      return retries;
    }
    Answer[] last = {first};
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      last[0] = approve(id);
      retries.add(last[0].describe());
      return last[0].status() == 200 || last[0].status() == 409;
    });
    if (last[0].status() == 409) {
      // only the approver's own earlier delivery may have got through meanwhile
      assertThat(last[0].body()).as("a retry refused as decided names the approver")
          .contains("approved by " + ApiTokens.ENV_ADMIN_CREDENTIAL);
    }
    return retries;
  }

  /** An answer to the approval: its status (0: none within the caller's patience), body and Retry-After. */
  private record Answer(int status, String body, long millis, String retryAfter) {
    String describe() {
      String words = status == 200 ? "" : " " + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
      return (status == 0 ? "no answer" : String.valueOf(status)) + " after " + millis + " ms"
          + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")") + words;
    }
  }

  private Answer approve(String id) {
    Map<String, Object> edits = new LinkedHashMap<>();
    edits.put("subject", editedSubject(id));
    edits.put("body", editedBody(id));
    HttpRequest request = HttpRequest.newBuilder(URI.create(vigil.baseUrl() + "/api/approvals/" + id + "/approve"))
        .timeout(CALLER_PATIENCE)
        .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(edits))).build();
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), (System.nanoTime() - started) / 1_000_000,
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException timedOutOrCut) {
      return new Answer(0, timedOutOrCut.toString(), (System.nanoTime() - started) / 1_000_000, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String editedSubject(String id) {
    return "Checking in after the restart (" + id + ")";
  }

  private static String editedBody(String id) {
    return "Hi Dana, edited by the approver of " + id + ".";
  }

  /** Check-ins of this test end once their approval is concluded: every usage-drop rule's cooldown set to 0 days. */
  private void givenCheckinsEndWithTheirApproval() {
    for (JsonNode rule : api.all("/api/triggers?type=usage_drop")) {
      Map<String, Object> condition = new LinkedHashMap<>();
      condition.put("metricType", rule.get("condition").get("metricType").asText());
      condition.put("threshold", rule.get("condition").get("threshold").decimalValue());
      condition.put("comparisonPeriod", rule.get("condition").get("comparisonPeriod").asInt());
      if (rule.get("condition").hasNonNull("severity")) {
        condition.put("severity", rule.get("condition").get("severity").asText());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "usage_drop");
      if (rule.hasNonNull("segment")) {
        body.put("segment", rule.get("segment").asText());
      }
      body.put("name", rule.get("name").asText());
      body.put("cooldownDays", 0);
      List<String> actions = new ArrayList<>();
      rule.get("actions").forEach(a -> actions.add(a.asText()));
      body.put("actions", actions);
      body.put("condition", condition);
      Api.Response put = api.put("/api/triggers/" + rule.get("id").asText(), body);
      assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    }
  }

  private String awaitPendingDraft(ExpectedDm drop) {
    String customer = drop.what().substring(drop.what().indexOf('/') + 1);
    return api.awaitPendingApproval(customer, Duration.ofSeconds(120)).get("id").asText();
  }

  /** The approval row as the database has it. */
  private record Row(String status, String decidedBy, String subject, String body, String to, String workflowId,
      String customerId) {}

  private Row row(String id) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        PreparedStatement s = c.prepareStatement(
            "SELECT status, decided_by, subject, body, to_address, workflow_id, customer_id FROM approvals WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("approval %s", id).isTrue();
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7));
      }
    }
  }

  /** Locks the approval row in {@code lock}'s transaction; answers that session's backend pid. */
  private static int lockRow(Connection lock, String id) throws SQLException {
    try (PreparedStatement s = lock.prepareStatement("SELECT pg_backend_pid() FROM approvals WHERE id = ? FOR UPDATE")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getInt(1);
      }
    }
  }

  /** Sessions waiting on a lock held by backend {@code pid}. */
  private int blockedBy(int pid) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
      s.setInt(1, pid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private WorkflowExecutionStatus workflowStatus(String workflowId) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    try {
      return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build())
          .getWorkflowExecutionInfo().getStatus();
    } finally {
      stubs.shutdownNow();
    }
  }

  private static String json(Object body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void report(String line) throws IOException {
    System.out.println("TRESTART " + line);
    Files.writeString(REPORT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
