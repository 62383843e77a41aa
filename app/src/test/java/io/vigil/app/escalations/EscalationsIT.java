package io.vigil.app.escalations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.webhooks.WebhookSignature;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;

/**
 * Themes and escalations through HTTP on the real application, Temporal dev server and PostgreSQL:
 * themes of known tickets, the three escalation types, a growing theme updating its escalation, the
 * signed engineering webhook retried through a 503, each role's scope, a fixed bug's drafts held for
 * approval and sent once, and bad input.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscalationsIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  private Api admin;
  private Api machine;
  private Api csmA;
  private Api csmOther;
  private WireMockServer wireMock;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenThreeCustomersWithZorblaxRequestsBugsAndQuestions() {
    admin = new Api(server.getURL().toString());
    wireMock = TestInfrastructure.wireMock();
    new FakeSlackAndGoogle(wireMock); // Gmail sends the approved "it is fixed" email
    wireMock.stubFor(post(urlEqualTo("/intake/product")).willReturn(aResponse().withStatus(202)));
    wireMock.stubFor(post(urlEqualTo("/intake/engineering")).inScenario("engineering").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
    wireMock.stubFor(post(urlEqualTo("/intake/engineering")).inScenario("engineering").whenScenarioStateIs("recovered")
        .willReturn(aResponse().withStatus(200)));
    Scenarios.putUser(admin, "es-csm-a", "csm", null);
    Scenarios.putUser(admin, "es-csm-b", "csm", null);
    Scenarios.putUser(admin, "es-csm-other", "csm", null);
    Scenarios.putCustomer(admin, "es-a", "Escalateco A", "es-csm-a");
    Scenarios.putCustomer(admin, "es-b", "Escalateco B", "es-csm-b");
    Scenarios.putCustomer(admin, "es-c", "Escalateco C", "es-csm-b");
    machine = admin.as(token(Map.of("name", "es integration", "role", "integration")));
    csmA = admin.as(token(Map.of("name", "es csm a", "userId", "es-csm-a")));
    csmOther = admin.as(token(Map.of("name", "es csm other", "userId", "es-csm-other")));

    List<Map<String, Object>> tickets = new ArrayList<>();
    tickets.add(ticket("es-fr-1", "es-a", 20, "Please add a Zorblax connector", "We need to sync our Zorblax vaults into reports. A Zorblax connector would save us hours."));
    tickets.add(ticket("es-fr-2", "es-b", 15, "Zorblax connector support", "Could you build a native Zorblax connector? Our Zorblax vaults hold all our data."));
    tickets.add(ticket("es-fr-3", "es-c", 10, "Connector for Zorblax vaults", "Is a Zorblax vaults connector on the roadmap? We export from Zorblax by hand today."));
    tickets.add(ticket("es-bug-1", "es-a", 8, "Quuxify button crashes the editor", "Pressing the Quuxify button crashes the editor with error 500 every time."));
    tickets.add(ticket("es-bug-2", "es-b", 6, "Editor crash on Quuxify", "The editor crashes with error 500 when we press Quuxify."));
    for (int i = 1; i <= 5; i++) {
      tickets.add(ticket("es-how-" + i, i % 2 == 0 ? "es-b" : "es-a", 12 - i, "How do I set up a Frobnicator rule? (" + i + ")",
          "Where do I configure a Frobnicator rule for incoming leads? How do I test the Frobnicator rule before it runs?"));
    }
    Api.Response stored = machine.post("/api/v1/tickets", Map.of("tickets", tickets));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    correct("feature_request", "es-fr-1", "es-fr-2", "es-fr-3");
    correct("bug_report", "es-bug-1", "es-bug-2");
    correct("how_to_question", "es-how-1", "es-how-2", "es-how-3", "es-how-4", "es-how-5");
  }

  @Test
  @Order(1)
  void theThemesGroupTicketsAboutTheSameThing() {
    Api.Response themes = admin.get("/api/insights/ticket-themes?from=" + Instant.now().minus(Duration.ofDays(30)));
    assertThat(themes.status()).as(themes.body().toString()).isEqualTo(200);

    JsonNode zorblax = theme(themes.body(), "es-fr-1");
    assertThat(zorblax.get("category").asText()).isEqualTo("feature_request");
    assertThat(zorblax.get("tickets").asInt()).isEqualTo(3);
    assertThat(zorblax.get("customers").asInt()).isEqualTo(3);
    assertThat(zorblax.get("totalArr").decimalValue()).isEqualByComparingTo("360000");
    assertThat(zorblax.get("theme").asText()).contains("zorblax");
    assertThat(zorblax.get("quotes")).isNotEmpty();
    assertThat(theme(themes.body(), "es-how-1").get("tickets").asInt()).isEqualTo(5);
    assertThat(theme(themes.body(), "es-bug-1").get("tickets").asInt()).isEqualTo(2);
    // a CSM sees the themes of their customers' tickets only
    JsonNode theirs = csmA.get("/api/insights/ticket-themes").body();
    assertThat(theme(theirs, "es-fr-1").get("tickets").asInt()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void eachTypeBecomesOneEscalation_andAGrowingThemeUpdatesItsOwn() {
    assertThat(admin.post("/api/escalations/evaluate", Map.of()).status()).isEqualTo(200);

    JsonNode product = escalationOf("product_gap", "es-fr-1");
    assertThat(product.get("requests").asInt()).isEqualTo(3);
    assertThat(product.get("customers")).extracting(c -> c.get("id").asText()).containsExactlyInAnyOrder("es-a", "es-b", "es-c");
    assertThat(product.get("rice").get("reach").asInt()).isEqualTo(3);
    assertThat(product.get("rice").get("impact").asDouble()).isEqualTo(2.0);
    JsonNode docs = escalationOf("docs_gap", "es-how-1");
    assertThat(docs.get("confusionPoints")).isNotEmpty();
    assertThat(docs.get("suggestedImprovements")).isNotEmpty();
    JsonNode bug = escalationOf("bug", "es-bug-1");
    assertThat(bug.get("priority").asText()).isEqualTo("P2");
    assertThat(bug.get("impact").asText()).startsWith("2 customers with $240000.00 combined ARR");

    Api.Response more = machine.post("/api/v1/tickets", Map.of("tickets", List.of(ticket("es-fr-4", "es-a", 1,
        "Zorblax connector, please", "We still need a Zorblax connector to sync our Zorblax vaults."))));
    assertThat(more.status()).isEqualTo(200);
    correct("feature_request", "es-fr-4");
    assertThat(admin.post("/api/escalations/evaluate", Map.of()).status()).isEqualTo(200);

    JsonNode grown = escalationOf("product_gap", "es-fr-1");
    assertThat(grown.get("id").asText()).isEqualTo(product.get("id").asText());
    assertThat(grown.get("requests").asInt()).isEqualTo(4);
    assertThat(grown.get("version").asInt()).isGreaterThan(product.get("version").asInt());
    assertThat(admin.all("/api/escalations?type=product_gap").stream()
        .filter(e -> e.get("tickets").toString().contains("es-fr-"))).hasSize(1);
  }

  @Test
  @Order(3)
  void theEngineeringWebhookIsSigned_andRetriedThroughA503UntilAccepted() {
    JsonNode bug = escalationOf("bug", "es-bug-1");
    String key = "escalation/" + bug.get("id").asText() + "/delivery/1";
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> requestsWith(key).size() >= 2);
    List<LoggedRequest> attempts = requestsWith(key);
    assertThat(attempts).extracting(LoggedRequest::getBodyAsString).containsOnly(attempts.get(0).getBodyAsString());
    for (LoggedRequest attempt : attempts) {
      String header = attempt.getHeader(WebhookSignature.HEADER);
      long t = Long.parseLong(header.substring(2, header.indexOf(',')));
      assertThat(header).isEqualTo(WebhookSignature.header(TestInfrastructure.INTAKE_SECRET, t, attempt.getBodyAsString()));
      assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
    }
    assertThat(attempts.get(0).getBodyAsString()).contains("\"type\":\"bug\"").contains("\"priority\":\"P2\"");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/escalations/" + bug.get("id").asText())
        .body().get("deliveries").toString().contains("\"delivered\""));
    JsonNode delivery = admin.get("/api/escalations/" + bug.get("id").asText()).body().get("deliveries").get(0);
    assertThat(delivery.get("destination").asText()).isEqualTo("webhook");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void eachRoleSeesTheEscalationsOfItsCustomers() {
    assertThat(csmA.all("/api/escalations")).anyMatch(e -> e.get("tickets").toString().contains("es-bug-1"));
    assertThat(csmOther.all("/api/escalations")).isEmpty();
    String id = escalationOf("bug", "es-bug-1").get("id").asText();
    assertThat(csmOther.get("/api/escalations/" + id).status()).isEqualTo(404);
    assertThat(csmA.post("/api/escalations/" + id + "/resolve", Map.of()).status()).isEqualTo(403);
  }

  @Test
  @Order(5)
  void badInputIsA400_andChangesNothing() {
    assertThat(admin.get("/api/escalations?type=feature").status()).isEqualTo(400);
    assertThat(admin.get("/api/escalations?status=closed").status()).isEqualTo(400);
    assertThat(admin.get("/api/escalations?limit=0").status()).isEqualTo(400);
    assertThat(admin.get("/api/escalations?cursor=nonsense").status()).isEqualTo(400);
    assertThat(admin.get("/api/insights/ticket-themes?from=yesterday").status()).isEqualTo(400);
    assertThat(admin.get("/api/insights/ticket-themes?from=2026-11-10&to=2026-11-01").status()).isEqualTo(400);
    assertThat(admin.post("/api/escalations/esc_nope/resolve", Map.of()).status()).isEqualTo(404);
    assertThat(machine.post("/api/escalations/evaluate", Map.of()).status()).isEqualTo(403);
  }

  @Test
  @Order(6)
  void aFixedBugDraftsAnEmailToEachCustomer_heldForApproval_andSentOnce() {
    String id = escalationOf("bug", "es-bug-1").get("id").asText();
    Api.Response resolved = machine.post("/api/escalations/" + id + "/resolve", Map.of());
    assertThat(resolved.status()).as(resolved.body().toString()).isEqualTo(200);
    assertThat(resolved.body().get("status").asText()).isEqualTo("resolved");

    JsonNode draftA = admin.awaitPendingApproval("es-a", Duration.ofSeconds(60));
    JsonNode draftB = admin.awaitPendingApproval("es-b", Duration.ofSeconds(60));
    assertThat(draftA.get("kind").asText()).isEqualTo("escalation_fixed");
    assertThat(draftB.get("kind").asText()).isEqualTo("escalation_fixed");
    assertThat(draftA.get("subject").asText()).startsWith("Fixed: ");
    // resolving again changes nothing and drafts nothing more
    assertThat(machine.post("/api/escalations/" + id + "/resolve", Map.of()).status()).isEqualTo(200);

    String approval = draftA.get("id").asText();
    assertThat(csmA.post("/api/approvals/" + approval + "/approve", Map.of()).status()).isEqualTo(200);
    assertThat(csmA.post("/api/approvals/" + approval + "/approve", Map.of()).status()).isEqualTo(409);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
        "sent".equals(admin.get("/api/approvals/" + approval).body().get("status").asText()));
    assertThat(admin.all("/api/approvals?customerId=es-a").stream()
        .filter(a -> "escalation_fixed".equals(a.get("kind").asText()))).hasSize(1);
    // the fixed bug's tickets are dealt with: no new bug escalation for them
    assertThat(admin.post("/api/escalations/evaluate", Map.of()).status()).isEqualTo(200);
    assertThat(admin.all("/api/escalations?type=bug&status=open"))
        .noneMatch(e -> e.get("tickets").toString().contains("es-bug-1"));
  }

  private List<LoggedRequest> requestsWith(String idempotencyKey) {
    return wireMock.findAll(postRequestedFor(urlEqualTo("/intake/engineering"))).stream()
        .filter(r -> idempotencyKey.equals(r.getHeader("Idempotency-Key"))).toList();
  }

  private JsonNode escalationOf(String type, String ticketId) {
    return admin.all("/api/escalations?type=" + type).stream()
        .filter(e -> e.get("tickets").toString().contains("\"" + ticketId + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " escalation with " + ticketId));
  }

  private static JsonNode theme(JsonNode themes, String ticketId) {
    for (JsonNode t : themes.get("themes")) {
      if (t.get("examples").toString().contains("\"" + ticketId + "\"")) {
        return t;
      }
    }
    throw new AssertionError("no theme with " + ticketId + " in " + themes);
  }

  private void correct(String category, String... ids) {
    for (String id : ids) {
      Api.Response r = admin.put("/api/tickets/" + id + "/category", Map.of("category", category));
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }
  }

  private static Map<String, Object> ticket(String id, String customer, int daysAgo, String subject, String body) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("ticketId", id);
    t.put("customerId", customer);
    t.put("subject", subject);
    t.put("body", body);
    t.put("createdAt", Instant.now().minus(Duration.ofDays(daysAgo)).toString());
    t.put("status", "open");
    return t;
  }

  private String token(Map<String, Object> body) {
    Api.Response created = admin.post("/api/tokens", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().get("token").asText();
  }
}
