package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bounded incident response end to end (real PostgreSQL, Temporal dev server, Slack and Gmail on
 * WireMock) with pages far smaller than the incident: 240 affected customers of 8 CSMs, answered 3
 * at a time, so every list the workflow reads (CSMs to tell, high-impact customers to draft for,
 * follow-ups) takes several pages of {@code incident_customer_impact}.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentPagingIT implements TestPropertyProvider {
  static final int CSMS = 8;
  static final int CUSTOMERS_PER_CSM = 30;
  /** Every 10th customer uses the component daily: high impact with a usage threshold of 1 use a day. */
  static final int HIGH_EVERY = 10;

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.incidents.page-size", "3");
    properties.put("vigil.incidents.heavy-uses-per-day", "1");
    properties.put("vigil.incidents.regular-uses-per-day", "0.5");
    return properties;
  }

  @Test
  void givenAnIncidentAcross240CustomersReadThreeAtATime_everyCsmGetsOneDmListingAllTheirsAndEveryHighImpactCustomerOneDraft() {
    Api api = new Api(server.getURL().toString());
    FakeSlackAndGoogle fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    String tag = "paged" + System.nanoTime();
    String component = "search-" + tag;
    List<String> high = new ArrayList<>();
    List<Map<String, Object>> events = new ArrayList<>();
    Instant now = Instant.now();
    for (int c = 0; c < CSMS; c++) {
      String csm = "csm" + c + "-" + tag;
      assertThat(api.put("/api/users/" + csm, Map.of("name", "Csm " + c, "email", csm + "@example.com", "role", "csm",
          "slackUserId", "U" + csm.toUpperCase())).status()).isEqualTo(200);
      for (int i = 0; i < CUSTOMERS_PER_CSM; i++) {
        String customer = "c" + c + "x" + i + "-" + tag;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Customer " + c + "/" + i);
        body.put("arr", 10_000 + i);
        body.put("segment", "smb");
        body.put("region", "na");
        body.put("csmId", csm);
        body.put("championName", "Champ");
        body.put("championEmail", "champ@" + customer + ".example.com");
        body.put("components", List.of(component));
        assertThat(api.put("/api/customers/" + customer, body).status()).isEqualTo(200);
        if (i % HIGH_EVERY == 0) {
          high.add(customer);
          for (int d = 0; d < 40; d++) {
            events.add(Map.of("customerId", customer, "userId", "u1", "eventType", "feature_used", "featureId", component,
                "occurredAt", now.minus(Duration.ofHours(12L * d + 1)).toString()));
          }
        }
      }
    }
    assertThat(api.post("/api/v1/usage/events", Map.of("events", events)).status()).isEqualTo(200);

    String title = "Search down " + tag;
    Api.Response accepted = api.post("/api/webhooks/incidents", Map.of("id", "INC-" + tag, "title", title,
        "status", "investigating", "severity", "P2", "affectedComponents", List.of(component),
        "startedAt", "2026-11-20T14:30:00Z"));
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.body().get("incidentId").asText();

    await().atMost(Duration.ofSeconds(60)).until(() -> fakes.slackMessagesMentioning(title).size() == CSMS);
    List<String> dms = fakes.slackMessagesMentioning(title);
    assertThat(dms).allSatisfy(dm -> assertThat(dm).contains("Your Affected Customers (" + CUSTOMERS_PER_CSM + "):"));
    for (int c = 0; c < CSMS; c++) {
      String first = "Customer " + c + "/0 ";
      assertThat(dms.stream().filter(dm -> dm.contains(first))).hasSize(1);
    }
    assertThat(fakes.slackCalls("conversations.create", tag)).hasSize(1);

    // one pending outreach draft for each of the 24 high-impact customers, none for the others
    await().atMost(Duration.ofSeconds(60)).until(() -> high.stream().allMatch(customer ->
        api.get("/api/approvals?status=pending&customerId=" + customer).body().get("items").size() == 1));
    assertThat(api.get("/api/approvals?status=pending&customerId=c0x1-" + tag).body().get("items")).isEmpty();
    JsonNode impact = api.get("/api/incidents/" + incidentId + "/customers?limit=1000").body();
    assertThat(impact.get("affectedCustomers")).hasSize(CSMS * CUSTOMERS_PER_CSM);

    // a decision on a draft of the last page is sent once and tracked
    String last = high.get(high.size() - 1);
    JsonNode draft = api.get("/api/approvals?status=pending&customerId=" + last).body().get("items").get(0);
    assertThat(api.post("/api/approvals/" + draft.get("id").asText() + "/approve", Map.of()).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(outreachOf(api, incidentId, last)));
    assertThat(api.post("/api/approvals/" + draft.get("id").asText() + "/approve", Map.of()).status()).isEqualTo(409);

    // a status-only update tells nobody again and drafts nothing new
    api.post("/api/webhooks/incidents", Map.of("id", "INC-" + tag, "title", title, "status", "identified",
        "severity", "P2", "affectedComponents", List.of(component), "startedAt", "2026-11-20T14:30:00Z",
        "updatedAt", "2026-11-20T14:50:00Z"));
    await().atMost(Duration.ofSeconds(20)).until(() ->
        "identified".equals(api.get("/api/incidents/" + incidentId).body().get("status").asText()));
    assertThat(fakes.slackMessagesMentioning(title)).hasSize(CSMS);
    for (String customer : high) {
      assertThat(api.get("/api/approvals?customerId=" + customer).body().get("items")).hasSize(1);
    }
  }

  private static String outreachOf(Api api, String incidentId, String customer) {
    for (JsonNode a : api.get("/api/incidents/" + incidentId + "/customers?limit=1000").body().get("affectedCustomers")) {
      if (a.at("/customer/id").asText().equals(customer)) {
        return a.get("outreachStatus").asText();
      }
    }
    return null;
  }
}
