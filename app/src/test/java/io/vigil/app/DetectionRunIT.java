package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.vigil.activities.detection.AlertDispatcher;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.common.PlaybookStarts;
import io.vigil.workflows.usagedrop.UsageDropCheckinWorkflow;
import io.vigil.workflows.sweep.DetectionSweepWorkflow;
import io.vigil.workflows.sweep.SweepInput;
import io.vigil.workflows.sweep.SweepStage;
import io.vigil.workflows.sweep.SweepState;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Detection as of a day through the HTTP API, with usage ingested and never rolled up by hand, and
 * the scheduled sweep workflow in steps, on the real Temporal dev server and PostgreSQL.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionRunIT implements TestPropertyProvider {
  /** A Friday: the last weekday of the ingested usage. */
  private static final LocalDate LAST_WEEKDAY = LocalDate.of(2026, 11, 13);
  /** A Wednesday long before every other test's usage, for the sweep over every customer. */
  private static final LocalDate SWEPT_DAY = LocalDate.of(2026, 7, 15);
  /** Wednesdays no other test's usage reaches, for runs over every customer: a common-mode day, two drops. */
  private static final LocalDate COMMON_MODE_DAY = LocalDate.of(2026, 3, 11);
  private static final LocalDate TWO_DROPS_DAY = LocalDate.of(2026, 4, 15);

  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;
  @Inject io.vigil.infra.persistence.Sql sql;

  private Api api;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeEach
  void setUp() {
    api = new Api(server.getURL().toString());
    new FakeSlackAndGoogle(TestInfrastructure.wireMock());
  }

  /** The case from issue 8: 77 days of logins, 69% fewer users in the last week, no calculate-metrics call. */
  @Test
  void givenSeventySevenDaysOfLoginsNeverRolledUp_aRunAsOfTheLastWeekdayRollsThemUpAndFindsTheDrop() {
    String customer = givenCustomer("Seventyseven");
    LocalDate monday = LAST_WEEKDAY.minusDays(4);
    ingestLogins(customer, LAST_WEEKDAY.minusDays(76), LAST_WEEKDAY, day -> day.isBefore(monday) ? 13 : 4, u -> true);

    JsonNode run = detect(customer, LAST_WEEKDAY);

    assertThat(run.get("evaluated").asInt()).as(run.toString()).isEqualTo(1);
    assertThat(run.get("skipped")).isEmpty();
    assertThat(run.get("skipReason").isNull()).isTrue();
    assertThat(run.at("/rolledUp/to").asText()).isEqualTo(LAST_WEEKDAY.toString());
    assertThat(LocalDate.parse(run.at("/rolledUp/from").asText())).isBeforeOrEqualTo(LAST_WEEKDAY.minusDays(34));
    assertThat(run.at("/rolledUp/days").asInt()).isGreaterThanOrEqualTo(35);
    assertThat(run.at("/rolledUp/customers").asInt()).isEqualTo(1);
    JsonNode dau = Api.find(run.get("signals"), "metricType", "dau");
    assertThat(dau.get("percentDrop").asDouble()).isEqualTo(69.2);
    assertThat(dau.get("currentValue").asDouble()).isEqualTo(4.0);
    assertThat(dau.get("baselineValue").asDouble()).isEqualTo(13.0);
    assertThat(dau.get("severity").asText()).isEqualTo("high");
    assertThat(run.get("signals")).filteredOn(s -> !s.get("suppressed").asBoolean()).hasSize(1);

    JsonNode again = detect(customer, LAST_WEEKDAY);
    assertThat(again.at("/rolledUp/days").asInt()).as("nothing is due any more").isZero();
    assertThat(again.get("evaluated").asInt()).isEqualTo(1);
    assertThat(again.get("signals")).allMatch(s -> s.get("suppressed").asBoolean());
  }

  @Test
  void givenTheLastWeeksEventsArrivingLate_theNextRunRollsUpThoseDaysAgain_andTheDropIsGone() {
    String customer = givenCustomer("Latecomer");
    LocalDate monday = LAST_WEEKDAY.minusDays(4);
    ingestLogins(customer, LAST_WEEKDAY.minusDays(76), monday.minusDays(1), day -> 13, u -> true);
    // the last week's logins of 9 of the 13 users are still on their way
    ingestLogins(customer, monday, LAST_WEEKDAY, day -> 13, u -> u < 4);
    JsonNode early = detect(customer, LAST_WEEKDAY);
    assertThat(Api.find(early.get("signals"), "metricType", "dau").get("percentDrop").asDouble()).isEqualTo(69.2);

    ingestLogins(customer, monday, LAST_WEEKDAY, day -> 13, u -> u >= 4);

    JsonNode after = detect(customer, LAST_WEEKDAY);
    assertThat(after.at("/rolledUp/from").asText()).isEqualTo(monday.toString());
    assertThat(after.at("/rolledUp/to").asText()).isEqualTo(LAST_WEEKDAY.toString());
    assertThat(after.at("/rolledUp/days").asInt()).isEqualTo(5);
    assertThat(after.get("evaluated").asInt()).isEqualTo(1);
    assertThat(after.get("signals")).as("every user is back in the rollups").isEmpty();
  }

  @Test
  void givenASaturday_theRunSaysWhyNoCustomerWasEvaluated() {
    String customer = givenCustomer("Weekender");
    JsonNode run = detect(customer, LocalDate.of(2026, 11, 14));
    assertThat(run.get("evaluated").asInt()).isZero();
    assertThat(run.get("skipped").get("weekend").asInt()).isEqualTo(1);
    assertThat(run.get("skipReason").asText()).contains("Saturday");
    assertThat(run.get("signals")).isEmpty();
  }

  @Test
  void givenADropNeverRolledUp_theSweepWorkflowRollsUpDetectsAndDispatchesInSteps() {
    String customer = givenCustomer("Swept");
    LocalDate monday = SWEPT_DAY.minusDays(2);
    ingestLogins(customer, SWEPT_DAY.minusDays(60), SWEPT_DAY, day -> day.isBefore(monday) ? 20 : 4, u -> true);

    String workflowId = "detection-sweep-it-" + System.nanoTime();
    DetectionSweepWorkflow sweep = temporal.newWorkflowStub(DetectionSweepWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.PLAYBOOKS).build());
    // a budget of 12 events: the run continues as new after its first page, and again before health
    WorkflowClient.start(sweep::run, new SweepInput(SWEPT_DAY, 12, null));
    SweepState result = WorkflowStub.fromTyped(sweep).getResultAsync(SweepState.class)
        .orTimeout(120, TimeUnit.SECONDS).join();

    assertThat(result.stage()).isEqualTo(SweepStage.DONE);
    // detection in the first run, dispatch and adoption in the second, health in the third
    assertThat(result.runs()).isEqualTo(3);
    assertThat(result.asOf()).isEqualTo(SWEPT_DAY);
    assertThat(result.rolledUp().to()).isEqualTo(SWEPT_DAY);
    assertThat(result.evaluated() + result.skipped().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(result.customers());
    assertThat(result.evaluated()).isGreaterThanOrEqualTo(1);
    assertThat(result.alerts()).isEqualTo(1);
    assertThat(result.started()).isEqualTo(1);
    assertThat(result.suppressed()).isZero();
    Object origin = temporal.newUntypedWorkflowStub(UsageDropCheckinWorkflow.workflowId(customer)).describe()
        .getMemo(PlaybookStarts.ORIGIN_MEMO, String.class);
    assertThat(origin).isEqualTo(result.sweepId());
    assertThat(result.healthPages()).isGreaterThanOrEqualTo(1);
    assertThat(result.healthScored()).isGreaterThanOrEqualTo(1);
    JsonNode health = api.get("/api/customers/" + customer + "/health").body();
    assertThat(health.get("asOf").asText()).isEqualTo(SWEPT_DAY.toString());
    assertThat(health.get("score").isInt()).as(health.toString()).isTrue();
  }

  @Test
  void givenMostCustomersDroppingOnTheSameDay_theRunSaysItIsACommonModeDay_alertsNobody_andTellsOperatorsOnce() {
    String operatorSlackId = "UOPS" + System.nanoTime();
    Api.Response operator = api.put("/api/users/ops-" + System.nanoTime(), Map.of("name", "Olive Ops",
        "email", "olive@example.com", "role", "admin", "slackUserId", operatorSlackId));
    assertThat(operator.status()).isEqualTo(200);
    List<String> portfolio = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String customer = givenCustomer("Gap" + i);
      portfolio.add(customer);
      // the day's events never arrived: 2 of 10 users seen, from Monday on
      ingestLogins(customer, COMMON_MODE_DAY.minusDays(50), COMMON_MODE_DAY,
          day -> day.isBefore(COMMON_MODE_DAY.minusDays(2)) ? 10 : 2, u -> true);
    }

    JsonNode run = detectAll(COMMON_MODE_DAY);

    assertThat(run.get("commonMode")).as(run.toString()).singleElement().satisfies(day -> {
      assertThat(day.get("group").asText()).isEqualTo("portfolio");
      assertThat(day.get("dropped").asInt()).isGreaterThanOrEqualTo(12);
      assertThat(day.get("message").asText()).contains("% of customers dropped on 2026-03-11").contains("holiday or data gap?");
    });
    assertThat(run.at("/skipped/commonMode").asInt()).isGreaterThanOrEqualTo(12);
    assertThat(run.get("signals")).filteredOn(s -> portfolio.contains(s.get("customerId").asText())).isEmpty();
    assertThat(toOperator(operatorSlackId)).singleElement().satisfies(n -> {
      assertThat(n.get("channel").asText()).isEqualTo("slack");
      assertThat(n.get("text").asText()).contains("Usage dropped across the portfolio on 2026-03-11");
    });

    JsonNode again = detectAll(COMMON_MODE_DAY);
    assertThat(again.get("commonMode")).hasSize(1);
    assertThat(toOperator(operatorSlackId)).as("told once, however often the day is run").hasSize(1);
  }

  @Test
  void givenTwoCustomersDroppingOnTheSameDay_bothAreAlertedAsUsual() {
    List<String> pair = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String customer = givenCustomer("Pair" + i);
      pair.add(customer);
      ingestLogins(customer, TWO_DROPS_DAY.minusDays(50), TWO_DROPS_DAY,
          day -> day.isBefore(TWO_DROPS_DAY.minusDays(2)) ? 10 : 2, u -> true);
    }

    JsonNode run = detectAll(TWO_DROPS_DAY);

    assertThat(run.get("commonMode")).as(run.toString()).isEmpty();
    assertThat(run.get("signals")).filteredOn(s -> pair.contains(s.get("customerId").asText()))
        .filteredOn(s -> !s.get("suppressed").asBoolean()).extracting(s -> s.get("customerId").asText())
        .containsExactlyInAnyOrderElementsOf(pair);
  }

  @Test
  void givenACountry_theCustomerKeepsIt_andOneThatIsNotAnIsoCodeIsRefusedAndChangesNothing() {
    String customer = givenCustomer("Britannia");
    Map<String, Object> body = customerBody("Britannia", customer);
    body.put("country", "gb");
    Api.Response put = api.put("/api/customers/" + customer, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    assertThat(put.body().get("country").asText()).isEqualTo("GB");

    body.put("country", "UK");
    body.put("name", "Renamed");
    Api.Response bad = api.put("/api/customers/" + customer, body);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("country");
    JsonNode kept = api.get("/api/customers/" + customer).body();
    assertThat(kept.get("country").asText()).isEqualTo("GB");
    assertThat(kept.get("name").asText()).isEqualTo("Britannia");

    body.remove("country");
    body.put("name", "Britannia");
    assertThat(api.put("/api/customers/" + customer, body).body().get("country").isNull())
        .as("PUT replaces the customer: no country, the region's").isTrue();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private JsonNode detectAll(LocalDate asOf) {
    Api.Response run = api.post("/api/v1/detections/run", Map.of("asOf", asOf.toString()));
    assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
    return run.body();
  }

  private List<JsonNode> toOperator(String slackUserId) {
    List<JsonNode> sent = new ArrayList<>();
    // newest first: the operator's message is on the first page
    api.get("/api/notifications?limit=200").body().get("items").forEach(n -> {
      if (n.get("recipient").asText().equals(slackUserId)) {
        sent.add(n);
      }
    });
    return sent;
  }

  @Test
  void givenARunAskedToAnswerAtOnce_itAnswers202WithWhereToAsk_andThereTheSameAnswerOnceDone() {
    String customer = givenCustomer("Later");
    LocalDate wednesday = LocalDate.of(2026, 8, 12);
    ingestLogins(customer, wednesday.minusDays(60), wednesday, day -> day.isBefore(wednesday.minusDays(2)) ? 20 : 4,
        u -> true);

    Api.Response accepted = api.postRaw("/api/v1/detections/run",
        "{\"asOf\":\"" + wednesday + "\",\"customerId\":\"" + customer + "\"}", Map.of("Prefer", "respond-async"));

    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    String id = accepted.body().get("id").asText();
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/detections/runs/" + id);
    assertThat(accepted.body().get("asOf").asText()).isEqualTo(wednesday.toString());
    assertThat(accepted.body().get("customerId").asText()).isEqualTo(customer);
    assertThat(accepted.body().get("status").asText()).isIn("running", "done");
    await().atMost(Duration.ofMinutes(2)).until(() ->
        "done".equals(api.get("/api/v1/detections/runs/" + id).body().get("status").asText()));
    JsonNode done = api.get("/api/v1/detections/runs/" + id).body();
    JsonNode result = done.get("result");
    assertThat(result.get("asOf").asText()).isEqualTo(wednesday.toString());
    assertThat(result.get("evaluated").asInt()).isEqualTo(1);
    assertThat(result.get("signals")).singleElement()
        .satisfies(signal -> assertThat(signal.get("customerId").asText()).isEqualTo(customer));
    assertThat(result.has("adoption")).isTrue();
    assertThat(done.get("finishedAt").isNull()).isFalse();

    // the same run answered directly has the same shape: the result is the POST's own answer
    JsonNode direct = detect(customer, wednesday);
    assertThat(result.properties().stream().map(Map.Entry::getKey).toList())
        .containsExactlyElementsOf(direct.properties().stream().map(Map.Entry::getKey).toList());
  }

  @Test
  void givenARunWhoseProcessStoppedRenewingIt_itIsAnsweredAsInterrupted() {
    java.util.UUID id = java.util.UUID.randomUUID();
    // what a process killed mid-run leaves: its row running, renewed last two minutes ago
    sql.inTransaction(connection -> connection.createStatement().executeUpdate(
        "INSERT INTO detection_runs (id, as_of, status, started_at, alive_at) VALUES ('" + id
            + "', '2026-08-12', 'running', now() - interval '5 minutes', now() - interval '2 minutes')"));

    JsonNode state = api.get("/api/v1/detections/runs/" + id).body();

    assertThat(state.get("status").asText()).isEqualTo("interrupted");
    assertThat(state.get("result").isNull()).isTrue();
    assertThat(state.get("seconds").asLong()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void givenARunIdThatIsNotOne_theAnswerSaysSo() {
    Api.Response bad = api.get("/api/v1/detections/runs/not-a-run");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().toString()).contains("a detection run id");
    Api.Response unknown = api.get("/api/v1/detections/runs/" + java.util.UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
  }

  private JsonNode detect(String customer, LocalDate asOf) {
    Api.Response run = api.post("/api/v1/detections/run", Map.of("asOf", asOf.toString(), "customerId", customer));
    assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
    return run.body();
  }

  private String givenCustomer(String name) {
    String customer = name.toLowerCase() + "-" + System.nanoTime();
    Api.Response user = api.put("/api/users/csm-" + customer, Map.of("name", "Casey Csm", "email", "casey@example.com",
        "role", "csm", "slackUserId", "U" + Math.abs(customer.hashCode())));
    assertThat(user.status()).isEqualTo(200);
    Api.Response put = api.put("/api/customers/" + customer, customerBody(name, customer));
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    return customer;
  }

  private static Map<String, Object> customerBody(String name, String customer) {
    // a champion of its own: WireMock is shared, and other tests find their emails by champion name
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", 120000);
    body.put("segment", "enterprise");
    body.put("region", "na");
    body.put("csmId", "csm-" + customer);
    body.put("championName", "Robin Detector");
    body.put("championEmail", "robin@" + name.toLowerCase() + ".example.com");
    body.put("productName", name + " Cloud");
    return body;
  }

  /** Logins of users 0..n-1 (those {@code who} accepts) on weekdays from {@code from} to {@code to}, ingested. */
  private void ingestLogins(String customer, LocalDate from, LocalDate to, ToIntFunction<LocalDate> users, IntPredicate who) {
    List<Map<String, Object>> events = new ArrayList<>();
    ingestLogins(customer, from, to, users, who, events);
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    assertThat(response.body().get("accepted").asInt()).isEqualTo(events.size());
  }

  /** Collects the logins into {@code events} instead. */
  private static void ingestLogins(String customer, LocalDate from, LocalDate to, ToIntFunction<LocalDate> users,
      IntPredicate who, List<Map<String, Object>> events) {
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      for (int u = 0; u < users.applyAsInt(day); u++) {
        if (who.test(u)) {
          String at = day.atTime(9, u).toInstant(ZoneOffset.UTC).toString();
          events.add(Scenarios.event(customer, "user-" + u, "login", null, at, customer + "-" + day + "-" + u));
        }
      }
    }
  }
}
