package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Customer events through HTTP on the dev server: a cancellation request starts the churn-risk
 * escalation (the CSM and the manager told once, a churn_risk risk signal, a retention-plan task),
 * the same event again changes nothing, a later request is recorded as suppressed, a CSM without a
 * manager is escalated alone, and bad input answers 400 (or 404) and stores nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChurnRiskEscalationIT implements TestPropertyProvider {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final String run = "e" + System.nanoTime();

  @Inject EmbeddedServer server;

  private Api admin;
  private Api csmA;
  private FakeSlackAndGoogle fakes;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenACsmWithAManagerAndOneWithout() {
    admin = new Api(server.getURL().toString());
    fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, run + "-mgr", "manager", null);
    Scenarios.putUser(admin, run + "-a", "csm", run + "-mgr");
    Scenarios.putUser(admin, run + "-b", "csm", null);
    Scenarios.putCustomer(admin, id("leaving"), "Leavingco " + run, run + "-a");
    Scenarios.putCustomer(admin, id("alone"), "Aloneco " + run, run + "-b");
    Scenarios.putCustomer(admin, id("renewing"), "Renewingco " + run, run + "-a");
    csmA = Scenarios.signedInAs(admin, run + "-a");
  }

  @Test
  void givenACancellationRequest_theCsmAndTheManagerAreToldOnce_andTheSameRequestAgainChangesNothing() {
    String customer = id("leaving");
    Api.Response first = csmA.post("/api/customers/" + customer + "/events",
        event("cancellation_request", "2026-11-20T10:00:00Z", "Budget cut; moving to a cheaper tool"));
    assertThat(first.status()).as(first.body().toString()).isEqualTo(201);
    assertThat(first.body().get("type").asText()).isEqualTo("cancellation_request");
    assertThat(first.body().get("recordedBy").asText()).isEqualTo(run + "-a");
    assertThat(first.body().at("/escalation/workflowId").asText()).isEqualTo("churn-risk/" + customer);
    assertThat(first.body().at("/escalation/started").asBoolean()).isTrue();

    Awaitility.await().atMost(WAIT).until(() -> admin.activityActions(customer).contains("escalation_notified")
        && admin.activityActions(customer).stream().filter("escalation_notified"::equals).count() == 2);
    JsonNode signals = admin.get("/api/risk-signals?customerId=" + customer).body().get("items");
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).get("type").asText()).isEqualTo("churn_risk");
    assertThat(signals.get(0).get("severity").asText()).isEqualTo("critical");
    List<String> messages = fakes.slackMessagesMentioning("Leavingco " + run);
    assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).contains("ARR at risk: $120,000")
        .contains("Recommended actions:").contains("Intervention timeline:").contains("cancellation request on 2026-11-20"));
    // the retention-plan task is the step after the messages: wait for it rather than race it
    JsonNode tasks = Awaitility.await().atMost(WAIT).until(
        () -> admin.get("/api/tasks?customerId=" + customer).body().get("items"), items -> items.size() > 0);
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("title").asText()).startsWith("Retention plan for Leavingco");

    Api.Response again = csmA.post("/api/customers/" + customer + "/events",
        event("cancellation_request", "2026-11-20T10:00:00Z", "Budget cut; moving to a cheaper tool"));
    assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
    assertThat(again.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
    assertThat(again.body().at("/escalation/started").asBoolean()).isFalse();

    Api.Response downgrade = csmA.post("/api/customers/" + customer + "/events",
        event("downgrade_request", "2026-11-21T09:00:00Z", null));
    assertThat(downgrade.status()).isEqualTo(201);
    Awaitility.await().atMost(WAIT).until(() -> admin.activityActions(customer).contains("detection_suppressed"));
    assertThat(admin.activityActions(customer).stream().filter("detection_suppressed"::equals)).hasSize(1);
    assertThat(admin.activityActions(customer).stream().filter("escalation_started"::equals)).hasSize(1);
    assertThat(fakes.slackMessagesMentioning("Leavingco " + run)).hasSize(2);

    JsonNode listed = csmA.get("/api/customers/" + customer + "/events").body().get("items");
    assertThat(listed).extracting(e -> e.get("type").asText()).containsExactly("downgrade_request", "cancellation_request");
  }

  @Test
  void givenACsmWithoutAManager_theChurnRiskAlertGoesToTheCsmAlone_andTheLogSaysSo() {
    String customer = id("alone");
    Api.Response posted = admin.post("/api/customers/" + customer + "/events",
        event("downgrade_request", "2026-11-19T08:00:00Z", null));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
    Awaitility.await().atMost(WAIT).until(() -> admin.activityActions(customer).contains("escalation_manager_missing")
        && admin.activityActions(customer).contains("escalation_notified"));
    assertThat(fakes.slackMessagesMentioning("Aloneco " + run)).hasSize(1);
    assertThat(admin.get("/api/risk-signals?customerId=" + customer).body().get("items").get(0).get("severity").asText())
        .isEqualTo("high");
  }

  @Test
  void givenARenewal_itIsStoredAsALabelAndStartsNothing() {
    String customer = id("renewing");
    Api.Response posted = admin.post("/api/customers/" + customer + "/events", event("renewal", "2026-11-01T00:00:00Z", null));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(201);
    assertThat(posted.body().get("escalation").isNull()).isTrue();
    assertThat(admin.get("/api/customers/" + customer + "/events").body().get("items")).hasSize(1);
    assertThat(admin.get("/api/risk-signals?customerId=" + customer).body().get("items")).isEmpty();
  }

  @Test
  void givenBadInput_itAnswersOne400ShapeOr404AndStoresNothing() {
    String customer = id("renewing");
    String path = "/api/customers/" + customer + "/events";
    int before = admin.get(path).body().get("items").size();
    assertBadRequest(admin.post(path, event("refund", "2026-11-01T00:00:00Z", null)), "type");
    assertBadRequest(admin.post(path, Map.of("at", "2026-11-01T00:00:00Z")), "type");
    assertBadRequest(admin.post(path, event("churned", "yesterday", null)), "at");
    assertBadRequest(admin.post(path, Map.of("type", "churned")), "at");
    assertBadRequest(admin.post(path, event("churned", Instant.now().plus(Duration.ofDays(2)).toString(), null)), "at");
    assertBadRequest(admin.post(path, event("churned", "1999-12-31T23:00:00Z", null)), "at");
    assertBadRequest(admin.post(path, event("churned", "2026-11-01T00:00:00Z", "x".repeat(10_001))), "note");
    assertBadRequest(admin.postRaw(path, "{\"type\": \"churned\", "), "body");
    assertBadRequest(admin.get(path + "?limit=0"), "limit");
    assertThat(admin.post("/api/customers/" + run + "-nobody/events", event("churned", "2026-11-01T00:00:00Z", null)).status())
        .isEqualTo(404);
    // a CSM acts on their own customers only: another's is not revealed
    assertThat(csmA.post("/api/customers/" + id("alone") + "/events", event("churned", "2026-11-01T00:00:00Z", null)).status())
        .isEqualTo(404);
    assertThat(csmA.get("/api/customers/" + id("alone") + "/events").status()).isEqualTo(404);
    assertThat(admin.get(path).body().get("items")).hasSize(before);
  }

  private static Map<String, Object> event(String type, String at, String note) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("at", at);
    if (note != null) {
      body.put("note", note);
    }
    return body;
  }

  private void assertBadRequest(Api.Response response, String field) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    assertThat(response.body().get("errors")).extracting(e -> e.get("field").asText()).anyMatch(f -> f.endsWith(field));
  }

  private String id(String name) {
    return run + "-" + name;
  }
}
