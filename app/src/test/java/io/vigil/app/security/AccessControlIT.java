package io.vigil.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every endpoint family through HTTP on the real application, and the scope of
 * approvals, notifications and tasks: a CSM sees and decides only their own customers' drafts, a
 * manager their team's.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;

  private Api admin;
  private final Map<String, Api> as = new LinkedHashMap<>();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenATeamAndTokensForEachRole() {
    admin = new Api(server.getURL().toString());
    new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, "ac-mgr", "manager", null);
    Scenarios.putUser(admin, "ac-csm-a", "csm", "ac-mgr");
    Scenarios.putUser(admin, "ac-csm-b", "csm", null);
    Scenarios.putCustomer(admin, "ac-cust-a", "Alphaco", "ac-csm-a");
    Scenarios.putCustomer(admin, "ac-cust-b", "Betaco", "ac-csm-b");
    as.put("anonymous", admin.anonymous());
    as.put("admin", admin.as(token(Map.of("name", "ac admin", "role", "admin"))));
    as.put("manager", admin.as(token(Map.of("name", "ac manager", "userId", "ac-mgr"))));
    as.put("csm", admin.as(token(Map.of("name", "ac csm a", "userId", "ac-csm-a"))));
    as.put("csmB", admin.as(token(Map.of("name", "ac csm b", "userId", "ac-csm-b"))));
    as.put("integration", admin.as(token(Map.of("name", "ac integration", "role", "integration"))));
  }

  /** method, path, body, then the status for anonymous, admin, manager, csm (ac-csm-a) and integration. */
  static Stream<Arguments> endpoints() {
    return Stream.of(
        row("GET", "/api/customers/ac-cust-a", null, 401, 200, 200, 200, 403),
        row("GET", "/api/customers/ac-cust-b", null, 401, 200, 404, 404, 403),
        row("GET", "/api/customers/ac-cust-a/activity", null, 401, 200, 200, 200, 403),
        row("GET", "/api/customers/ac-cust-b/activity", null, 401, 200, 404, 404, 403),
        row("GET", "/api/customers/ac-cust-b/feature-adoption", null, 401, 200, 404, 404, 403),
        // before the POST below scores it: no health yet, which only an admin may learn
        row("GET", "/api/customers/ac-cust-b/health", null, 401, 404, 404, 404, 403),
        row("POST", "/api/customers/ac-cust-a/health", null, 401, 200, 200, 200, 403),
        row("POST", "/api/customers/ac-cust-b/health", null, 401, 200, 404, 404, 403),
        row("GET", "/api/customers/ac-cust-a/health", null, 401, 200, 200, 200, 403),
        row("GET", "/api/health/summary", null, 401, 200, 200, 200, 403),
        row("GET", "/api/customers/ac-cust-a/touchpoints", null, 401, 200, 200, 200, 403),
        row("GET", "/api/customers/ac-cust-b/touchpoints", null, 401, 200, 404, 404, 403),
        row("POST", "/api/customers/ac-cust-b/touchpoints",
            "{\"type\":\"call\",\"at\":\"2026-11-02T10:00:00Z\",\"by\":\"Robin\",\"summary\":\"QBR\"}", 401, 201, 404, 404, 201),
        row("PUT", "/api/customers/ac-cust-new", "{}", 401, 400, 403, 403, 403),
        row("GET", "/api/users/ac-csm-a", null, 401, 200, 200, 200, 403),
        row("GET", "/api/users/ac-csm-b", null, 401, 200, 404, 404, 403),
        row("PUT", "/api/users/ac-new", "{}", 401, 400, 403, 403, 403),
        row("GET", "/api/approvals", null, 401, 200, 200, 200, 403),
        row("POST", "/api/approvals/apr_nope/approve", "{}", 401, 404, 404, 404, 403),
        row("POST", "/api/approvals/apr_nope/reject", "{\"reason\":\"x\"}", 401, 404, 404, 404, 403),
        row("GET", "/api/tasks", null, 401, 200, 200, 200, 403),
        row("GET", "/api/risk-signals", null, 401, 200, 200, 200, 403),
        row("POST", "/api/risk-signals/999999999/acknowledge", null, 401, 404, 404, 404, 403),
        row("POST", "/api/risk-signals/999999999/dismiss", "{\"reason\":\"x\"}", 401, 404, 404, 404, 403),
        row("POST", "/api/tasks/999999999/complete", null, 401, 404, 404, 404, 403),
        row("GET", "/api/insights/alert-quality", null, 401, 200, 200, 200, 403),
        row("GET", "/api/insights/team", null, 401, 200, 200, 200, 403),
        row("GET", "/api/notifications", null, 401, 200, 200, 200, 403),
        row("POST", "/api/v1/usage/events", "{}", 401, 400, 403, 403, 400),
        row("POST", "/api/v1/usage/calculate-metrics", "{}", 401, 400, 403, 403, 400),
        row("POST", "/api/v1/detections/run", "{}", 401, 400, 403, 403, 400),
        row("GET", "/api/v1/detections/runs/ac-not-a-run", null, 401, 400, 403, 403, 400),
        row("GET", "/api/triggers", null, 401, 200, 200, 200, 403),
        row("POST", "/api/triggers", "{}", 401, 400, 403, 403, 403),
        row("PUT", "/api/triggers/usage-drop-dau", "{}", 401, 400, 403, 403, 403),
        row("POST", "/api/triggers/ac-no-trigger/disable", null, 401, 404, 403, 403, 403),
        row("POST", "/api/triggers/ac-no-trigger/enable", null, 401, 404, 403, 403, 403),
        row("GET", "/api/triggers/usage-drop-dau/changes", null, 401, 200, 200, 200, 403),
        row("PUT", "/api/features/ac-feature", "{}", 401, 400, 403, 403, 400),
        row("GET", "/api/features/ac-no-such-feature", null, 401, 404, 404, 404, 404),
        row("POST", "/api/feature-adoption/sync", "{}", 401, 400, 403, 403, 400),
        row("POST", "/api/customers/ac-cust-b/feature-adoption/ac-no-feature/activate", "{}", 401, 404, 404, 404, 404),
        row("GET", "/api/reports/adoption", null, 401, 200, 200, 200, 403),
        row("GET", "/api/incidents", null, 401, 200, 200, 200, 403),
        row("POST", "/api/webhooks/incidents", "{}", 403, 400, 403, 403, 400),
        row("POST", "/api/v1/tickets", "{}", 401, 400, 403, 403, 400),
        row("GET", "/api/tickets", null, 401, 200, 200, 200, 403),
        row("GET", "/api/tickets/ac-no-ticket", null, 401, 404, 404, 404, 403),
        row("PUT", "/api/tickets/ac-no-ticket/category", "{\"category\":\"bug_report\"}", 401, 404, 404, 404, 403),
        row("POST", "/api/tickets/classifier/train", "{}", 401, 200, 403, 403, 403),
        row("GET", "/api/tokens", null, 401, 200, 403, 403, 403),
        row("POST", "/api/tokens", "{}", 401, 400, 403, 403, 403),
        row("DELETE", "/api/tokens/tok_nope", null, 401, 404, 403, 403, 403),
        row("GET", "/api/audit", null, 401, 200, 403, 403, 403),
        row("POST", "/api/users/ac-csm-a/signin-links", "{}", 401, 201, 403, 403, 403),
        row("GET", "/health", null, 200, 200, 200, 200, 200));
  }

  private static Arguments row(String method, String path, String body, int anonymous, int admin, int manager, int csm,
      int integration) {
    return Arguments.of(method, path, body, List.of(anonymous, admin, manager, csm, integration));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void eachRoleGetsExactlyWhatItsRoleAllows(String method, String path, String body, List<Integer> expected) {
    List<String> roles = List.of("anonymous", "admin", "manager", "csm", "integration");
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      Api.Response response = as.get(roles.get(i)).send(method, path, body);
      if (response.status() != expected.get(i)) {
        mismatches.add(roles.get(i) + ": " + response.status() + " (expected " + expected.get(i) + ") " + response.body());
      }
      if (response.status() == 401) {
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(response.body().get("error").asText()).isEqualTo("unauthorized");
      }
      if (response.status() == 403) {
        assertThat(response.body().get("error").asText()).isEqualTo("forbidden");
        assertThat(response.body().get("message").asText()).isNotBlank();
      }
    }
    assertThat(mismatches).as(method + " " + path).isEmpty();
  }

  @Test
  void aCsmNeitherSeesNorDecidesAnotherCsmsDraft_whileTheirManagerDecidesIt() {
    Scenarios.dropOf(admin, "ac-cust-a", AS_OF, 0.4);
    Api.Response detected = as.get("integration").post("/api/v1/detections/run",
        Map.of("asOf", AS_OF.toString(), "customerId", "ac-cust-a"));
    assertThat(detected.status()).isEqualTo(200);
    assertThat(detected.body().get("signals")).as(detected.body().toString()).hasSize(1);
    JsonNode draft = as.get("csm").awaitPendingApproval("ac-cust-a");
    String id = draft.get("id").asText();

    Api outsider = as.get("csmB");
    assertThat(outsider.get("/api/approvals/" + id).status()).isEqualTo(404);
    assertThat(outsider.get("/api/approvals?customerId=ac-cust-a").body().get("items")).isEmpty();
    assertThat(outsider.get("/api/notifications?customerId=ac-cust-a").body().get("items")).isEmpty();
    assertThat(outsider.get("/api/tasks?customerId=ac-cust-a").body().get("items")).isEmpty();
    assertThat(outsider.get("/api/risk-signals?customerId=ac-cust-a").body().get("items")).isEmpty();
    Api.Response refused = outsider.post("/api/approvals/" + id + "/approve", Map.of("approvedBy", "ac-csm-a"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(admin.get("/api/approvals/" + id).body().get("status").asText()).isEqualTo("pending");

    assertThat(as.get("csm").get("/api/notifications?customerId=ac-cust-a").body().get("items")).isNotEmpty();
    assertThat(as.get("csm").get("/api/tasks?customerId=ac-cust-a").body().get("items")).isNotEmpty();
    assertThat(as.get("manager").get("/api/approvals/" + id).status()).isEqualTo(200);

    Api.Response approved = as.get("manager").post("/api/approvals/" + id + "/approve",
        Map.of("approvedBy", "someone-else", "subject", "Checking in, Alphaco"));
    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    assertThat(approved.body().get("decidedBy").asText()).isEqualTo("ac-mgr");
    assertThat(approved.body().get("decidedCredential").asText()).startsWith("tok_");
    Api.Response twice = as.get("csm").post("/api/approvals/" + id + "/approve", Map.of());
    assertThat(twice.status()).isEqualTo(409);
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/approvals/" + id).body().get("status").asText(),
        status -> status.equals("sent"));

    JsonNode audit = admin.get("/api/audit?actor=ac-mgr").body().get("items");
    assertThat(audit).anySatisfy(e -> {
      assertThat(e.get("path").asText()).isEqualTo("/api/approvals/" + id + "/approve");
      assertThat(e.get("customerId").asText()).isEqualTo("ac-cust-a");
      assertThat(e.get("status").asInt()).isEqualTo(200);
      assertThat(e.get("credentialId").asText()).startsWith("tok_");
    });
    assertThat(admin.get("/api/audit?actor=ac-csm-b").body().get("items"))
        .anySatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("forbidden"));
    assertThat(admin.activityActions("ac-cust-a")).contains("approval_decided");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    JsonNode issued = issue(Map.of("name", "ac revoke me", "role", "integration"));
    Api machine = admin.as(issued.get("token").asText());
    assertThat(machine.get("/api/features/ac-no-such-feature").status()).isEqualTo(404);
    assertThat(admin.delete("/api/tokens/" + issued.get("id").asText()).status()).isEqualTo(204);
    Api.Response refused = machine.get("/api/features/ac-no-such-feature");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
  }

  /** A person's token carries the person's role as it is now: promoted and demoted from the next request on. */
  @Test
  void aPersonsTokenTakesTheirCurrentRole() {
    Scenarios.putUser(admin, "ac-csm-moved", "csm", null);
    Api person = admin.as(token(Map.of("name", "ac moved", "userId", "ac-csm-moved")));
    assertThat(person.get("/api/tokens").status()).isEqualTo(403);
    Scenarios.putUser(admin, "ac-csm-moved", "admin", null);
    assertThat(person.get("/api/tokens").status()).isEqualTo(200);
    Scenarios.putUser(admin, "ac-csm-moved", "csm", null);
    assertThat(person.get("/api/tokens").status()).isEqualTo(403);
  }

  @Test
  void anExpiredTokenIsRefused() {
    Instant expiry = Instant.now().plusSeconds(2);
    JsonNode issued = issue(Map.of("name", "ac short-lived", "role", "integration", "expiresAt", expiry.toString()));
    Api machine = admin.as(issued.get("token").asText());
    assertThat(machine.get("/api/features/ac-no-such-feature").status()).isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).until(() -> machine.get("/api/features/ac-no-such-feature").status() == 401);
    JsonNode listed = Api.find(admin.get("/api/tokens?limit=1000").body().get("items"), "id", issued.get("id").asText());
    assertThat(listed.get("status").asText()).isEqualTo("expired");
  }

  @Test
  void tokensAreShownOnceAndListedWithoutTheirSecret() {
    JsonNode issued = issue(Map.of("name", "ac listed", "userId", "ac-csm-a"));
    assertThat(issued.get("token").asText()).startsWith("vgl_");
    assertThat(issued.get("role").asText()).isEqualTo("csm");
    String listing = admin.get("/api/tokens?limit=1000").body().toString();
    assertThat(listing).contains(issued.get("id").asText()).doesNotContain(issued.get("token").asText());
    assertThat(admin.post("/api/tokens", Map.of("name", "x", "userId", "ac-csm-a", "role", "admin")).status())
        .isEqualTo(400);
    assertThat(admin.post("/api/tokens", Map.of("name", "x")).status()).isEqualTo(400);
    assertThat(admin.post("/api/tokens", Map.of("name", "x", "role", "root")).status()).isEqualTo(400);
  }

  @Test
  void aManagerSeesTheTeamsCustomersButNotOthers_andTheIncidentImpactIsScoped() {
    assertThat(as.get("manager").get("/api/customers/ac-cust-a").status()).isEqualTo(200);
    assertThat(as.get("manager").get("/api/users/ac-mgr").status()).isEqualTo(200);
    assertThat(as.get("csm").get("/api/users/ac-mgr").status()).isEqualTo(404);
    assertThat(as.get("csmB").get("/api/customers/ac-cust-b").status()).isEqualTo(200);
  }

  private String token(Map<String, Object> body) {
    return issue(body).get("token").asText();
  }

  private JsonNode issue(Map<String, Object> body) {
    Api.Response response = admin.post("/api/tokens", body);
    assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
    return response.body();
  }
}
