package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Incident webhooks through HTTP on the real Temporal dev server, with Slack on WireMock. Every
 * test names its own components, so incidents of different tests touch different customers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentResponseIT implements TestPropertyProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;

  private Api api;
  private FakeSlackAndGoogle fakes;
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeEach
  void setUp() {
    api = new Api(server.getURL().toString());
    fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
  }

  @Test
  void givenAP1AcrossTwoCsms_eachCsmGetsOneDmAndOneChannelIsOpened() throws Exception {
    String tag = "p1" + System.nanoTime();
    String component = "api-" + tag;
    String alice = csm("alice-" + tag, "Alice Ames");
    String bob = csm("bob-" + tag, "Bob Burns");
    String heavy = customer("heavy-" + tag, "Heavyco " + tag, 500_000, "enterprise", alice, List.of());
    String declared1 = customer("decl1-" + tag, "Declared One " + tag, 200_000, "mid-market", alice, List.of(component));
    String declared2 = customer("decl2-" + tag, "Declared Two " + tag, 50_000, "smb", alice, List.of(component));
    String bobs1 = customer("bobs1-" + tag, "Bobs One " + tag, 350_000, "enterprise", bob, List.of(component));
    String bobs2 = customer("bobs2-" + tag, "Bobs Two " + tag, 25_000, "smb", bob, List.of(component, "other"));
    customer("bystander-" + tag, "Bystander " + tag, 900_000, "enterprise", bob, List.of("other"));
    heavyUse(heavy, component, 3_100);

    String title = "API latency " + tag;
    Map<String, Object> incident = generic("INC-" + tag, title, "investigating", "P1", List.of(component),
        "2026-11-20T14:30:00Z", null);
    Api.Response accepted = api.post("/api/webhooks/incidents", incident);
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.body().get("incidentId").asText();
    assertThat(accepted.body().get("workflowId").asText()).isEqualTo("incident/generic/INC-" + tag);

    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning(title).size() == 2);
    String aliceDm = dmMentioning(title, "Heavyco");
    assertThat(aliceDm).contains(":rotating_light: *P1 INCIDENT: " + title, "Status: Investigating",
        "Your Affected Customers (3):", "1. :rotating_light: Heavyco " + tag + " - $500K ARR - Heavy " + component
            + " user: 103 uses/day",
        "2. :warning: Declared One " + tag + " - $200K ARR", "3. :warning: Declared Two " + tag,
        "Total ARR at Risk: $750K", "Approved Messaging:", "Join War Room");
    assertThat(aliceDm).doesNotContain("Bobs One");
    assertThat(dmMentioning(title, "Bobs One")).contains("Your Affected Customers (2):", "Total ARR at Risk: $375K")
        .doesNotContain("Bystander");
    await().atMost(Duration.ofSeconds(20)).until(() -> fakes.slackCalls("conversations.create", tag).size() == 1);
    assertThat(fakes.slackCalls("conversations.create", "incident-inc-" + tag + "-response")).hasSize(1);

    JsonNode impact = api.get("/api/incidents/" + incidentId + "/customers").body();
    assertThat(impact.get("affectedCustomers")).extracting(c -> c.at("/customer/id").asText())
        .containsExactly(heavy, bobs1, declared1, declared2, bobs2);
    assertThat(impact.get("affectedCustomers").get(0).get("impactLevel").asText()).isEqualTo("high");
    assertThat(impact.get("totalARRAtRisk").asDouble()).isEqualTo(1_125_000.0);
    for (String customer : List.of(heavy, declared1, declared2)) {
      assertThat(api.get("/api/notifications?customerId=" + customer).body().get("items"))
          .anySatisfy(n -> assertThat(n.get("text").asText()).contains(title));
    }
    assertThat(api.get("/api/notifications?incidentId=" + incidentId).body().get("items")).hasSizeGreaterThanOrEqualTo(2);

    // a redelivery and a status-only update notify nobody again
    assertThat(api.post("/api/webhooks/incidents", incident).status()).isEqualTo(202);
    api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "identified", "P1", List.of(component),
        "2026-11-20T14:30:00Z", null, "2026-11-20T14:40:00Z"));
    await().atMost(Duration.ofSeconds(20)).until(() ->
        "identified".equals(api.get("/api/incidents/" + incidentId).body().get("status").asText()));
    JsonNode list = api.get("/api/incidents?status=identified").body().get("items");
    assertThat(list).anySatisfy(i -> {
      assertThat(i.get("id").asText()).isEqualTo(incidentId);
      assertThat(i.get("affectedCustomers").asInt()).isEqualTo(5);
      assertThat(i.get("highImpact").asInt()).isEqualTo(1);
    });

    // the outreach draft for the high-impact customer, approved, is sent and tracked
    JsonNode draft = awaitPending(heavy);
    assertThat(draft.get("kind").asText()).isEqualTo("incident_outreach");
    assertThat(draft.get("body").asText()).contains("major disruption affecting " + component);
    api.post("/api/approvals/" + draft.get("id").asText() + "/approve", Map.of("approvedBy", alice));
    await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(outreachOf(incidentId, heavy)));
    assertThat(api.post("/api/incidents/" + incidentId + "/customers/" + heavy + "/outreach",
        Map.of("status", "responded", "note", "they saw it, all good")).body().get("outreachStatus").asText())
        .isEqualTo("responded");

    // new components re-notify every CSM with what changed
    api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "identified", "P1",
        List.of(component, "other"), "2026-11-20T14:30:00Z", null, "2026-11-20T14:50:00Z"));
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning(title).size() == 4);
    assertThat(fakes.slackMessagesMentioning(title).subList(2, 4))
        .allSatisfy(dm -> assertThat(dm).contains("Update: newly affected: other"));
    assertThat(dmMentioning("newly affected", "Bobs One")).contains("Bystander");

    // resolution: one resolution DM per CSM
    api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "resolved", "P1",
        List.of(component, "other"), "2026-11-20T14:30:00Z", "2026-11-20T16:45:00Z", "2026-11-20T16:45:00Z"));
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning("INCIDENT RESOLVED: " + title).size() == 2);
    assertThat(fakes.slackMessagesMentioning("INCIDENT RESOLVED: " + title).get(0))
        .contains("Duration: 2 hours 15 minutes");
    assertThat(fakes.slackCalls("conversations.create", tag)).hasSize(1);
  }

  @Test
  void givenPagerDutyWebhooks_signaturesAreCheckedAndDuplicatesChangeNothing() throws Exception {
    String tag = "pd" + System.nanoTime();
    String component = "checkout-" + tag;
    String carol = csm("carol-" + tag, "Carol Chen");
    customer("pdcust-" + tag, "Pdcust " + tag, 80_000, "enterprise", carol, List.of(component));
    String body = pagerDuty("incident.triggered", "Q" + tag, "triggered", null, "high", component, "2026-11-21T10:00:00Z");

    assertThat(postSigned("/api/webhooks/pagerduty", body, "v1=" + "0".repeat(64), "wh-1-" + tag).statusCode()).isEqualTo(401);
    assertThat(postSigned("/api/webhooks/pagerduty", body, null, "wh-1-" + tag).statusCode()).isEqualTo(401);
    assertThat(postSigned("/api/webhooks/pagerduty", "{\"event\": 42}", sign("new-pd-secret", "{\"event\": 42}"), "wh-x")
        .statusCode()).isEqualTo(400);
    assertThat(api.get("/api/incidents").body().get("items")).noneSatisfy(i ->
        assertThat(i.get("externalId").asText()).isEqualTo("Q" + tag));

    // rotation: a signature by the old secret among others is accepted
    HttpResponse<String> first = postSigned("/api/webhooks/pagerduty", body,
        "v1=" + "1".repeat(64) + "," + sign("old-pd-secret", body), "wh-1-" + tag);
    assertThat(first.statusCode()).isEqualTo(202);
    String incidentId = JSON.readTree(first.body()).get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning("Pdcust " + tag).size() == 1);
    JsonNode incident = api.get("/api/incidents/" + incidentId).body();
    assertThat(incident.get("severity").asText()).isEqualTo("P2");
    assertThat(incident.get("affectedComponents").get(0).asText()).isEqualTo(component);

    assertThat(postSigned("/api/webhooks/pagerduty", body, sign("new-pd-secret", body), "wh-1-" + tag).statusCode())
        .isEqualTo(202);
    String acknowledged = pagerDuty("incident.acknowledged", "Q" + tag, "acknowledged", "P1", "high", component,
        "2026-11-21T10:05:00Z");
    postSigned("/api/webhooks/pagerduty", acknowledged, sign("new-pd-secret", acknowledged), "wh-2-" + tag);
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning("Pdcust " + tag).size() == 2);
    assertThat(fakes.slackMessagesMentioning("Pdcust " + tag).get(1)).contains("Update: severity raised P2 → P1");
    assertThat(api.get("/api/incidents/" + incidentId).body().get("status").asText()).isEqualTo("identified");

    String service = "{\"event\":{\"id\":\"e1\",\"event_type\":\"service.updated\",\"resource_type\":\"service\","
        + "\"occurred_at\":\"2026-11-21T10:06:00Z\",\"data\":{\"id\":\"S1\"}}}";
    HttpResponse<String> ignored = postSigned("/api/webhooks/pagerduty", service, sign("new-pd-secret", service), "wh-3-" + tag);
    assertThat(ignored.statusCode()).isEqualTo(202);
    assertThat(ignored.body()).contains("not an incident event");
  }

  @Test
  void givenOpsgenieAlerts_priorityIsReadLenientlyAndTheSecretIsRequired() {
    String tag = "og" + System.nanoTime();
    String component = "search-" + tag;
    String dan = csm("dan-" + tag, "Dan Diaz");
    customer("ogcust-" + tag, "Ogcust " + tag, 60_000, "mid-market", dan, List.of(component));
    Map<String, Object> create = opsgenie("Create", "A-" + tag, 3, List.of(component, "region:eu"), 1763719200000L);

    assertThat(post("/api/webhooks/opsgenie", create, "wrong").status()).isEqualTo(401);
    assertThat(post("/api/webhooks/opsgenie", Map.of("alert", Map.of()), "og-secret").status()).isEqualTo(400);
    Api.Response accepted = post("/api/webhooks/opsgenie", create, "og-secret");
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.body().get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        api.get("/api/incidents/" + incidentId).status() == 200);
    JsonNode incident = api.get("/api/incidents/" + incidentId).body();
    assertThat(incident.get("severity").asText()).isEqualTo("P3");
    assertThat(incident.get("affectedRegions").get(0).asText()).isEqualTo("eu");
    // the customer is in region "na": outside the affected region, nobody is notified
    assertThat(api.get("/api/incidents/" + incidentId + "/customers").body().get("affectedCustomers")).isEmpty();

    Map<String, Object> priority = opsgenie("UpdatePriority", "A-" + tag, "P1", List.of(component, "region:eu"),
        1763719300000L * 1_000_000L);
    assertThat(post("/api/webhooks/opsgenie", priority, "og-secret").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        "P1".equals(api.get("/api/incidents/" + incidentId).body().get("severity").asText()));
    Map<String, Object> close = opsgenie("Close", "A-" + tag, null, List.of(component, "region:eu"), 1763719400000L);
    assertThat(post("/api/webhooks/opsgenie", close, "og-secret").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() ->
        "resolved".equals(api.get("/api/incidents/" + incidentId).body().get("status").asText()));
    assertThat(api.get("/api/incidents/" + incidentId).body().get("severity").asText()).isEqualTo("P1");
  }

  @Test
  void givenStatuspageResolvedBeforeInvestigating_theStaleUpdateChangesNothing() {
    String tag = "sp" + System.nanoTime();
    String component = "Dashboard " + tag;
    String erin = csm("erin-" + tag, "Erin Eze");
    customer("spcust-" + tag, "Spcust " + tag, 40_000, "smb", erin, List.of(component));
    Map<String, Object> resolved = statuspage("sp-" + tag, "resolved", "major", component, "upd-2", "2026-11-22T09:30:00Z");
    Map<String, Object> investigating = statuspage("sp-" + tag, "investigating", "major", component, "upd-1",
        "2026-11-22T09:00:00Z");

    assertThat(api.post("/api/webhooks/statuspage/wrong-token", resolved).status()).isEqualTo(401);
    Api.Response first = api.post("/api/webhooks/statuspage/sp-token", resolved);
    assertThat(first.status()).isEqualTo(202);
    String incidentId = first.body().get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning("INCIDENT RESOLVED").stream()
        .anyMatch(m -> m.contains("sp-" + tag)));
    assertThat(api.post("/api/webhooks/statuspage/sp-token", investigating).status()).isEqualTo(202);
    assertThat(api.post("/api/webhooks/statuspage/sp-token", resolved).status()).isEqualTo(202);
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(api.get("/api/incidents/" + incidentId).body().get("status").asText()).isEqualTo("resolved");
    assertThat(fakes.slackMessagesMentioning("sp-" + tag)).hasSize(1);
    assertThat(fakes.slackMessagesMentioning("sp-" + tag).get(0)).contains("INCIDENT RESOLVED");
  }

  @Test
  void givenAnUnknownComponent_theIncidentIsRecordedAndNobodyIsNotified() {
    String tag = "uk" + System.nanoTime();
    Api.Response accepted = api.post("/api/webhooks/incidents", generic("INC-" + tag, "Mystery " + tag, "investigating",
        "P2", List.of("no-such-component-" + tag), "2026-11-20T08:00:00Z", null));
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.body().get("incidentId").asText();
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/incidents/" + incidentId).status() == 200);
    assertThat(api.get("/api/incidents/" + incidentId + "/customers").body().get("affectedCustomers")).isEmpty();
    assertThat(fakes.slackMessagesMentioning("Mystery " + tag)).isEmpty();

    Api.Response bad = api.post("/api/webhooks/incidents", Map.of("id", "x", "status", "on fire", "severity", "P9"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
        .contains("title", "status", "severity", "startedAt");
  }

  @Test
  void givenAnUpdateWithANulInItsTitle_itIsRefusedWith400AndTheResolutionAfterItStillResolves() {
    String tag = "nul" + System.nanoTime();
    String component = "billing-" + tag;
    String csm = csm("nina-" + tag, "Nina Null");
    customer("nul-" + tag, "Nullco " + tag, 200_000, "enterprise", csm, List.of(component));
    String title = "Billing outage " + tag;
    Api.Response opened = api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "investigating", "P2",
        List.of(component), "2026-11-20T10:00:00Z", null));
    assertThat(opened.status()).isEqualTo(202);
    String incidentId = opened.body().get("incidentId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning(title).size() == 1);

    Api.Response poisoned = api.post("/api/webhooks/incidents", generic("INC-" + tag, "Billing\u0000outage " + tag,
        "identified", "P2", List.of(component), "2026-11-20T10:00:00Z", null, "2026-11-20T10:10:00Z"));
    Api.Response resolved = api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "resolved", "P2",
        List.of(component), "2026-11-20T10:00:00Z", "2026-11-20T10:40:00Z"));

    assertThat(poisoned.status()).isEqualTo(400);
    assertThat(poisoned.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("title");
    assertThat(resolved.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() ->
        "resolved".equals(api.get("/api/incidents/" + incidentId).body().get("status").asText()));
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning(title).size() == 2);
    assertThat(fakes.slackMessagesMentioning(title)).anySatisfy(m -> assertThat(m).contains("INCIDENT RESOLVED: " + title));
  }

  @Test
  void givenA400CharacterTitle_everyDeliveryOfTheIncidentIsAcceptedAndItsSummaryFitsTemporalsLimit() {
    String tag = "lt" + System.nanoTime();
    String component = "search-" + tag;
    String csm = csm("carol-" + tag, "Carol Long");
    customer("long-" + tag, "Longco " + tag, 300_000, "enterprise", csm, List.of(component));
    String title = "Search outage " + tag + " " + "T".repeat(400);

    Api.Response first = api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "investigating", "P2",
        List.of(component), "2026-11-20T09:00:00Z", null));
    Api.Response second = api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "identified", "P2",
        List.of(component), "2026-11-20T09:00:00Z", null, "2026-11-20T09:10:00Z"));

    assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
    assertThat(second.status()).as(second.body().toString()).isEqualTo(202);
    String workflowId = first.body().get("workflowId").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning("Search outage " + tag).size() == 1);
    WorkflowSummaries.Summary summary = WorkflowSummaries.ofWorkflow(temporal, workflowId);
    assertThat(summary.text()).startsWith("Incident response: Search outage " + tag).endsWith("…");
    assertThat(summary.payloadBytes()).isLessThanOrEqualTo(WorkflowSummaries.LIMIT);
    assertThat(WorkflowSummaries.inHistory(temporal, workflowId))
        .allSatisfy(s -> assertThat(s.payloadBytes()).as(s.text()).isLessThanOrEqualTo(WorkflowSummaries.LIMIT));
  }

  // --- helpers ---------------------------------------------------------------------------------

  /**
   * Issue 10: an affected customer shows the tickets it opened since the incident started, whatever
   * their status, in the API and in its CSM's DM; tickets opened before the start are left out.
   */
  @Test
  void givenTicketsOpenedSinceTheIncidentStarted_theAffectedCustomersAndTheCsmsDmShowThem() {
    String tag = "tk" + System.nanoTime();
    String component = "exports-" + tag;
    String carol = csm("carol-" + tag, "Carol Cole");
    String ticketed = customer("tkd-" + tag, "Ticketed " + tag, 80_000, "mid-market", carol, List.of(component));
    String quiet = customer("tkq-" + tag, "Quiet " + tag, 60_000, "mid-market", carol, List.of(component));
    Instant started = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(Duration.ofHours(2));
    Api.Response stored = api.post("/api/v1/tickets", Map.of("tickets", List.of(
        Scenarios.ticket(tag + "-before", ticketed, "Exports were slow last week", "open", "normal",
            started.minus(Duration.ofHours(1))),
        Scenarios.ticket(tag + "-since1", ticketed, "Exports fail with a gateway timeout", "open", "urgent",
            started.plus(Duration.ofMinutes(20))),
        Scenarios.ticket(tag + "-since2", ticketed, "Export link <b> does nothing", "solved", null,
            started.plus(Duration.ofMinutes(50))))));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);

    String title = "Exports down " + tag;
    Api.Response accepted = api.post("/api/webhooks/incidents", generic("INC-" + tag, title, "investigating", "P2",
        List.of(component), started.toString(), null));
    assertThat(accepted.status()).isEqualTo(202);
    String incidentId = accepted.body().get("incidentId").asText();

    await().atMost(Duration.ofSeconds(30)).until(() -> fakes.slackMessagesMentioning(title).size() == 1);
    String dm = dmMentioning(title, "Ticketed " + tag);
    assertThat(dm).contains("Ticketed " + tag + " - $80K ARR - Uses " + component + " (declared)\n"
            + "      Tickets since it started (2):\n"
            + "      • Export link &lt;b&gt; does nothing (#" + tag + "-since2, solved, opened 1 hour ago)\n"
            + "      • Exports fail with a gateway timeout (#" + tag + "-since1, urgent priority, opened 1 hour ago)")
        .doesNotContain("slow last week");
    assertThat(dm.substring(dm.indexOf("Quiet " + tag))).doesNotContain("Tickets since");

    JsonNode affected = api.get("/api/incidents/" + incidentId + "/customers").body().get("affectedCustomers");
    JsonNode withTickets = Api.find(affected, "ticketsSinceStart", "2");
    assertThat(withTickets.at("/customer/id").asText()).isEqualTo(ticketed);
    assertThat(withTickets.get("tickets")).extracting(t -> t.get("id").asText() + ":" + t.get("status").asText())
        .containsExactly(tag + "-since2:solved", tag + "-since1:open");
    assertThat(withTickets.get("tickets").get(1).get("subject").asText()).isEqualTo("Exports fail with a gateway timeout");
    assertThat(withTickets.get("tickets").get(1).get("priority").asText()).isEqualTo("urgent");
    assertThat(Instant.parse(withTickets.get("tickets").get(1).get("openedAt").asText()))
        .isEqualTo(started.plus(Duration.ofMinutes(20)));
    assertThat(withTickets.get("tickets").get(1).get("category").asText()).isNotBlank();
    JsonNode none = Api.find(affected, "ticketsSinceStart", "0");
    assertThat(none.at("/customer/id").asText()).isEqualTo(quiet);
    assertThat(none.get("tickets")).isEmpty();
  }

  private String csm(String id, String name) {
    assertThat(api.put("/api/users/" + id, Map.of("name", name, "email", id + "@example.com", "role", "csm",
        "slackUserId", "U" + id.toUpperCase())).status()).isEqualTo(200);
    return id;
  }

  private String customer(String id, String name, int arr, String segment, String csmId, List<String> components) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", arr);
    body.put("segment", segment);
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Champ");
    body.put("championEmail", "champ@" + id + ".example.com");
    body.put("components", components);
    Api.Response put = api.put("/api/customers/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    return id;
  }

  /** {@code total} uses of the component over the last few days: {@code total / 30} uses a day. */
  private void heavyUse(String customer, String component, int total) {
    Scenarios.componentUse(api, customer, component, total);
  }

  private String dmMentioning(String marker, String customer) {
    return fakes.slackMessagesMentioning(marker).stream().filter(m -> m.contains(customer)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no DM mentioning " + marker + " and " + customer));
  }

  private JsonNode awaitPending(String customer) {
    await().atMost(Duration.ofSeconds(30)).until(() ->
        api.get("/api/approvals?status=pending&customerId=" + customer).body().get("items").size() >= 1);
    return api.get("/api/approvals?status=pending&customerId=" + customer).body().get("items").get(0);
  }

  private String outreachOf(String incidentId, String customer) {
    for (JsonNode a : api.get("/api/incidents/" + incidentId + "/customers").body().get("affectedCustomers")) {
      if (a.at("/customer/id").asText().equals(customer)) {
        return a.get("outreachStatus").asText();
      }
    }
    return null;
  }

  private static Map<String, Object> generic(String id, String title, String status, String severity,
      List<String> components, String startedAt, String resolvedAt) {
    return generic(id, title, status, severity, components, startedAt, resolvedAt, null);
  }

  private static Map<String, Object> generic(String id, String title, String status, String severity,
      List<String> components, String startedAt, String resolvedAt, String updatedAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("title", title);
    body.put("status", status);
    body.put("severity", severity);
    body.put("affectedComponents", components);
    body.put("startedAt", startedAt);
    if (resolvedAt != null) {
      body.put("resolvedAt", resolvedAt);
    }
    if (updatedAt != null) {
      body.put("updatedAt", updatedAt);
    }
    return body;
  }

  private static String pagerDuty(String type, String id, String status, String priority, String urgency,
      String service, String occurredAt) throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", id);
    data.put("type", "incident");
    data.put("number", 42);
    data.put("title", "Checkout errors " + id);
    data.put("status", status);
    data.put("urgency", urgency);
    data.put("created_at", "2026-11-21T09:59:00Z");
    data.put("html_url", "https://acme.pagerduty.com/incidents/" + id);
    data.put("service", Map.of("id", "PSVC", "type", "service_reference", "summary", service));
    data.put("priority", priority == null ? null : Map.of("id", "PPRI", "type", "priority_reference", "summary", priority));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", "01EV" + occurredAt);
    event.put("event_type", type);
    event.put("resource_type", "incident");
    event.put("occurred_at", occurredAt);
    event.put("data", data);
    return JSON.writeValueAsString(Map.of("event", event));
  }

  private static Map<String, Object> opsgenie(String action, String alertId, Object priority, List<String> tags,
      long updatedAt) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("alertId", alertId);
    alert.put("message", "Search degraded " + alertId);
    alert.put("tags", tags);
    alert.put("createdAt", 1763719200000L);
    alert.put("updatedAt", updatedAt);
    if (priority != null) {
      alert.put("priority", priority);
    }
    return Map.of("action", action, "alert", alert, "integrationName", "Vigil");
  }

  private static Map<String, Object> statuspage(String id, String status, String impact, String component,
      String updateId, String at) {
    Map<String, Object> update = Map.of("id", updateId, "status", status, "body", "Update " + updateId,
        "created_at", at, "affected_components",
        List.of(Map.of("code", "c1", "name", component, "old_status", "operational", "new_status", "major_outage")));
    Map<String, Object> incident = new LinkedHashMap<>();
    incident.put("id", id);
    incident.put("name", "Dashboard outage " + id);
    incident.put("status", status);
    incident.put("impact", impact);
    incident.put("created_at", "2026-11-22T08:55:00Z");
    incident.put("updated_at", at);
    incident.put("resolved_at", "resolved".equals(status) ? at : null);
    incident.put("shortlink", "https://stspg.io/" + id);
    incident.put("incident_updates", List.of(update));
    incident.put("components", List.of(Map.of("id", "c1", "name", component, "status", "major_outage")));
    return Map.of("meta", Map.of("documentation", "https://doers.statuspage.io/customer-notifications/webhooks/"),
        "page", Map.of("id", "page1"), "incident", incident);
  }

  private Api.Response post(String path, Object body, String token) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
          .header("Content-Type", "application/json").header("X-Vigil-Token", token)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Api.Response(response.statusCode(), JSON.readTree(response.body()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> postSigned(String path, String body, String signature, String webhookId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
        .header("Content-Type", "application/json").header("X-Webhook-Id", webhookId)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-PagerDuty-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
