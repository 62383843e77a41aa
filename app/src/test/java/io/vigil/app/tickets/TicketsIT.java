package io.vigil.app.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.app.incidents.Secrets;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Support tickets through HTTP on the real application and PostgreSQL: the batch's all-or-nothing
 * validation, idempotency by ticket id with later versions winning, categories and their
 * corrections, each role's scope, and the Zendesk webhook's signature.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketsIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  private Api admin;
  private Api machine;
  private Api csmA;
  private Api manager;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTwoCsmsWithACustomerEach() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "tk-mgr", "manager", null);
    Scenarios.putUser(admin, "tk-csm-a", "csm", "tk-mgr");
    Scenarios.putUser(admin, "tk-csm-b", "csm", null);
    Scenarios.putCustomer(admin, "tk-cust-a", "Ticketco A", "tk-csm-a");
    Scenarios.putCustomer(admin, "tk-cust-b", "Ticketco B", "tk-csm-b");
    machine = admin.as(token(Map.of("name", "tk integration", "role", "integration")));
    csmA = admin.as(token(Map.of("name", "tk csm a", "userId", "tk-csm-a")));
    manager = admin.as(token(Map.of("name", "tk manager", "userId", "tk-mgr")));
  }

  @Test
  void givenABatchWithOneBadTicket_nothingIsStored_andEveryProblemIsListedByIndex() {
    Map<String, Object> good = ticket("tk-bad-1", "tk-cust-a", "Export broken", "The CSV export fails with an error 500.");
    Map<String, Object> bad = ticket("tk-bad-2", "tk-no-such-customer", "", "x");
    bad.put("status", "reopened");
    bad.put("createdAt", "last tuesday");
    bad.put("csat", 9);
    bad.put("tags", List.of("ok", ""));
    Api.Response response = machine.post("/api/v1/tickets", Map.of("tickets", List.of(good, bad)));

    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    assertThat(response.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder(
        "tickets[1].customerId", "tickets[1].subject", "tickets[1].status", "tickets[1].createdAt", "tickets[1].csat",
        "tickets[1].tags[1]");
    assertThat(admin.get("/api/tickets/tk-bad-1").status()).isEqualTo(404);
    assertThat(machine.post("/api/v1/tickets", Map.of("tickets", List.of())).status()).isEqualTo(400);
    assertThat(machine.postRaw("/api/v1/tickets", "{\"tickets\": [{\"ticketId\": 5}]}").status()).isEqualTo(400);
  }

  @Test
  void givenTheSameTicketAgain_itIsStoredOnce_aLaterVersionUpdatesIt_andAnOlderOneIsIgnored() {
    Map<String, Object> first = ticket("tk-idem-1", "tk-cust-a", "Dashboards take a minute to load",
        "Since Monday every dashboard takes about a minute to load, it used to take two seconds.");
    first.put("updatedAt", "2026-11-02T10:00:00Z");
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(first))), 1, 0, 0);
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(first))), 0, 0, 1);

    Map<String, Object> solved = new LinkedHashMap<>(first);
    solved.put("status", "solved");
    solved.put("csat", 4);
    solved.put("updatedAt", "2026-11-03T10:00:00Z");
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(solved))), 0, 1, 0);

    Map<String, Object> stale = new LinkedHashMap<>(first);
    stale.put("status", "pending");
    stale.put("updatedAt", "2026-11-02T12:00:00Z");
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(stale))), 0, 0, 1);

    JsonNode stored = admin.get("/api/tickets/tk-idem-1").body().get("ticket");
    assertThat(stored.get("status").asText()).isEqualTo("solved");
    assertThat(stored.get("csat").asInt()).isEqualTo(4);
    assertThat(stored.get("updatedAt").asText()).isEqualTo("2026-11-03T10:00:00Z");
    assertThat(stored.get("category").asText()).isEqualTo("performance_issue");
    assertThat(stored.get("categoryConfidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(stored.get("categoryReason").asText()).isNotBlank();
    assertThat(stored.get("categorySource").asText()).isEqualTo("classifier");
  }

  @Test
  void givenAPersonsCorrection_itOverridesThePrediction_isKept_andJoinsTheNextTraining() {
    Map<String, Object> t = ticket("tk-fix-1", "tk-cust-a", "Where are the invoices?",
        "Our finance team asked for last quarter's invoices, where can I download them?");
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(t))), 1, 0, 0);
    String predicted = admin.get("/api/tickets/tk-fix-1").body().at("/ticket/category").asText();
    String corrected = predicted.equals("documentation_gap") ? "usability_issue" : "documentation_gap";

    Api.Response fixed = csmA.put("/api/tickets/tk-fix-1/category", Map.of("category", corrected));
    assertThat(fixed.status()).as(fixed.body().toString()).isEqualTo(200);
    assertThat(fixed.body().at("/ticket/category").asText()).isEqualTo(corrected);
    assertThat(fixed.body().at("/ticket/categorySource").asText()).isEqualTo("person");
    assertThat(fixed.body().at("/ticket/predictedCategory").asText()).isEqualTo(predicted);
    JsonNode correction = fixed.body().get("corrections").get(0);
    assertThat(correction.get("from").asText()).isEqualTo(predicted);
    assertThat(correction.get("to").asText()).isEqualTo(corrected);
    assertThat(correction.get("correctedBy").asText()).isEqualTo("tk-csm-a");
    assertThat(correction.get("correctedAt").asText()).isNotBlank();

    // the same category again keeps no second record; a new version of the text keeps the correction
    assertThat(csmA.put("/api/tickets/tk-fix-1/category", Map.of("category", corrected)).body().get("corrections"))
        .hasSize(1);
    t.put("body", "Our finance team asked for last quarter's invoices. Where can I download them as PDF?");
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(t))), 0, 1, 0);
    assertThat(admin.get("/api/tickets?category=" + corrected + "&customerId=tk-cust-a").body().get("items"))
        .extracting(i -> i.get("id").asText()).contains("tk-fix-1");

    Api.Response trained = admin.post("/api/tickets/classifier/train", Map.of());
    assertThat(trained.status()).as(trained.body().toString()).isEqualTo(200);
    assertThat(trained.body().get("correctedTickets").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(trained.body().get("shippedTickets").asInt()).isGreaterThanOrEqualTo(400);
    assertThat(csmA.post("/api/tickets/classifier/train", Map.of()).status()).isEqualTo(403);
    assertThat(csmA.put("/api/tickets/tk-fix-1/category", Map.of("category", "complaint")).status()).isEqualTo(400);
  }

  @Test
  void eachPersonSeesOnlyTheirCustomersTickets_andAnotherCsmsTicketIsNotFound() {
    assertStored(machine.post("/api/v1/tickets", Map.of("tickets", List.of(
        ticket("tk-scope-a", "tk-cust-a", "Add SCIM provisioning", "We would like users provisioned from Azure AD."),
        ticket("tk-scope-b", "tk-cust-b", "SSO login loop", "After Okta login users are sent back to the login page.")))),
        2, 0, 0);

    assertThat(ids(csmA, "/api/tickets?limit=1000")).contains("tk-scope-a").doesNotContain("tk-scope-b");
    assertThat(ids(manager, "/api/tickets?limit=1000")).contains("tk-scope-a").doesNotContain("tk-scope-b");
    assertThat(ids(admin, "/api/tickets?limit=1000")).contains("tk-scope-a", "tk-scope-b");
    assertThat(ids(csmA, "/api/tickets?customerId=tk-cust-b")).isEmpty();
    assertThat(csmA.get("/api/tickets/tk-scope-b").status()).isEqualTo(404);
    assertThat(csmA.put("/api/tickets/tk-scope-b/category", Map.of("category", "bug_report")).status()).isEqualTo(404);
    assertThat(admin.get("/api/tickets/tk-scope-b").status()).isEqualTo(200);
    assertThat(machine.get("/api/tickets").status()).isEqualTo(403);
    assertThat(csmA.post("/api/v1/tickets", Map.of("tickets", List.of())).status()).isEqualTo(403);
  }

  @Test
  void theListFiltersByCategoryAndTime() {
    Map<String, Object> early = ticket("tk-time-1", "tk-cust-b", "Add a Gantt view", "Could you add a Gantt chart view?");
    early.put("createdAt", "2026-10-01T09:00:00Z");
    Map<String, Object> late = ticket("tk-time-2", "tk-cust-b", "Add dark mode", "Please add a dark theme, would love it.");
    late.put("createdAt", "2026-10-20T09:00:00Z");
    machine.post("/api/v1/tickets", Map.of("tickets", List.of(early, late)));
    assertThat(ids(admin, "/api/tickets?customerId=tk-cust-b&from=2026-10-01&to=2026-10-02")).containsExactly("tk-time-1");
    assertThat(ids(admin, "/api/tickets?customerId=tk-cust-b&from=2026-10-15T00:00:00Z&to=2026-10-21"))
        .containsExactly("tk-time-2");
    assertThat(admin.get("/api/tickets?category=complaint").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets?from=yesterday").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets?from=2026-10-02&to=2026-10-01").status()).isEqualTo(400);
  }

  @Test
  void aSignedZendeskEventIsStored_whileABadSignatureOrAStaleTimestampIsRefused() {
    String event = zendeskEvent("88001", "tk-cust-a", "OPEN", "2026-11-01T08:00:00Z");
    String now = Instant.now().toString();

    Api.Response accepted = admin.anonymous().postRaw("/api/webhooks/zendesk", event, signed(now, event));
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
    assertThat(accepted.body().get("ticketId").asText()).isEqualTo("zendesk:88001");
    JsonNode stored = admin.get("/api/tickets/zendesk:88001").body().get("ticket");
    assertThat(stored.get("customerId").asText()).isEqualTo("tk-cust-a");
    assertThat(stored.get("status").asText()).isEqualTo("open");
    assertThat(stored.get("priority").asText()).isEqualTo("high");
    assertThat(stored.get("source").asText()).isEqualTo("zendesk");
    assertThat(stored.get("tags")).extracting(JsonNode::asText).containsExactly("billing", "vip");

    String solved = zendeskEvent("88001", "tk-cust-a", "SOLVED", "2026-11-01T09:00:00Z");
    assertThat(admin.anonymous().postRaw("/api/webhooks/zendesk", solved, signed(now, solved)).body().get("updated").asInt())
        .isEqualTo(1);
    assertThat(admin.get("/api/tickets/zendesk:88001").body().at("/ticket/status").asText()).isEqualTo("solved");

    Map<String, String> wrongSecret = Map.of("X-Zendesk-Webhook-Signature",
        Secrets.hmacSha256Base64("not-the-secret", (now + event).getBytes(StandardCharsets.UTF_8)),
        "X-Zendesk-Webhook-Signature-Timestamp", now);
    assertThat(admin.anonymous().postRaw("/api/webhooks/zendesk", event, wrongSecret).status()).isEqualTo(401);
    Map<String, String> otherBody = signed(now, event.replace("88001", "88002"));
    assertThat(admin.anonymous().postRaw("/api/webhooks/zendesk", event, otherBody).status()).isEqualTo(401);
    String stale = Instant.now().minusSeconds(6 * 60).toString();
    Api.Response replayed = admin.anonymous().postRaw("/api/webhooks/zendesk", event, signed(stale, event));
    assertThat(replayed.status()).as(replayed.body().toString()).isEqualTo(401);
    assertThat(replayed.body().get("message").asText()).contains("Timestamp");
    assertThat(admin.anonymous().postRaw("/api/webhooks/zendesk", event, Map.of()).status()).isEqualTo(401);

    String unknownOrg = zendeskEvent("88003", "no-such-org", "OPEN", "2026-11-01T08:00:00Z");
    Api.Response ignored = admin.anonymous().postRaw("/api/webhooks/zendesk", unknownOrg, signed(now, unknownOrg));
    assertThat(ignored.status()).isEqualTo(202);
    assertThat(ignored.body().get("ignored").asText()).contains("no-such-org");
    assertThat(admin.get("/api/tickets/zendesk:88003").status()).isEqualTo(404);
  }

  private static String zendeskEvent(String id, String organization, String status, String updatedAt) {
    return """
        {"type":"zen:event-type:ticket.status_changed","account_id":88888888,"id":"evt-%s-%s",
         "time":"%s","zendesk_event_version":"2022-11-06","subject":"zen:ticket:%s",
         "detail":{"id":"%s","subject":"Invoice shows the wrong currency","description":"Our invoices show dollars but we are billed in euros, the amounts are wrong.",
                   "status":"%s","priority":"HIGH","organization_id":"%s","requester_id":"1234","tags":["billing","vip"],
                   "created_at":"2026-11-01T07:55:00Z","updated_at":"%s","via":{"channel":"web"}},
         "event":{"current":"%s"}}""".formatted(id, status, updatedAt, id, id, status, organization, updatedAt, status);
  }

  private static Map<String, String> signed(String timestamp, String body) {
    return Map.of("X-Zendesk-Webhook-Signature", Secrets.hmacSha256Base64(TestInfrastructure.ZENDESK_SECRET,
            (timestamp + body).getBytes(StandardCharsets.UTF_8)),
        "X-Zendesk-Webhook-Signature-Timestamp", timestamp);
  }

  private static Map<String, Object> ticket(String id, String customer, String subject, String body) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("ticketId", id);
    t.put("customerId", customer);
    t.put("subject", subject);
    t.put("body", body);
    t.put("createdAt", "2026-11-01T09:00:00Z");
    t.put("status", "open");
    t.put("priority", "normal");
    t.put("requesterEmail", "Pat@Example.com");
    t.put("tags", List.of("web"));
    return t;
  }

  private static void assertStored(Api.Response response, int created, int updated, int unchanged) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    assertThat(List.of(response.body().get("created").asInt(), response.body().get("updated").asInt(),
        response.body().get("unchanged").asInt())).as(response.body().toString()).containsExactly(created, updated, unchanged);
  }

  private static List<String> ids(Api as, String path) {
    Api.Response page = as.get(path);
    assertThat(page.status()).as(path + ": " + page.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    page.body().get("items").forEach(i -> ids.add(i.get("id").asText()));
    return ids;
  }

  private String token(Map<String, Object> body) {
    Api.Response created = admin.post("/api/tokens", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().get("token").asText();
  }
}
