package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The inputs that once answered 500 or were stored as nonsense: each is now a 400 naming the field, storing nothing. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  private Api api;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenACsm() {
    api = new Api(server.getURL().toString());
    Scenarios.putUser(api, "bad-csm", "csm", null);
  }

  @Test
  void aNulCharacterInANameOrAComponent_isA400_andStoresNothing() {
    Map<String, Object> customer = customer("Nul\u0000Corp");
    assertInvalid(api.put("/api/customers/bad-nul", customer), "name");
    assertThat(api.get("/api/customers/bad-nul").status()).isEqualTo(404);

    Map<String, Object> withComponent = customer("Fine Corp");
    withComponent.put("components", List.of("api", "re\u0000ports"));
    assertInvalid(api.put("/api/customers/bad-nul", withComponent), "components[1]");
    assertThat(api.get("/api/customers/bad-nul").status()).isEqualTo(404);
  }

  @Test
  void idsNamesAndNumbersOutOfTheirRange_areA400() {
    assertInvalid(api.put("/api/customers/" + "x".repeat(3000), customer("Long Id")), "id");
    Map<String, Object> rich = customer("Rich");
    rich.put("arr", new java.math.BigDecimal("1e15"));
    assertInvalid(api.put("/api/customers/bad-rich", rich), "arr");
    Map<String, Object> wrongType = customer("Typed");
    wrongType.put("arr", "lots");
    assertInvalid(api.put("/api/customers/bad-typed", wrongType), "arr");
    assertInvalid(api.put("/api/features/bad-share", Map.of("featureName", "Share", "targetShare", 0.00001)),
        "targetShare");
    assertThat(api.get("/api/features/bad-share").status()).isEqualTo(404);
    assertInvalid(api.send("POST", "/api/triggers", """
        {"type":"usage_drop","cooldownDays":36893488147419103237,"actions":["create_task"],
         "condition":{"metricType":"dau","threshold":30}}"""), "cooldownDays");
  }

  @Test
  void aFeaturePlanThatIsNotAPlanTier_isA400_andStoresNothing_whileATierIsStoredAsConfigured() {
    assertInvalid(api.put("/api/features/plan-feature", Map.of("featureName", "Advanced Reports", "plan", "platinum")),
        "plan");
    assertThat(api.get("/api/features/plan-feature").status()).isEqualTo(404);
    Api.Response stored = api.put("/api/features/plan-feature", Map.of("featureName", "Advanced Reports", "plan", " Enterprise"));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    assertThat(stored.body().get("plan").asText()).isEqualTo("enterprise");
    assertThat(api.put("/api/features/plan-feature", Map.of("featureName", "Advanced Reports")).body().get("plan").isNull())
        .as("absent: in every plan").isTrue();
  }

  @Test
  void datesOutsideTheYears2000To2100_areA400() {
    assertThat(api.get("/api/reports/adoption?from=-5000-01-01").status()).isEqualTo(400);
    Api.Response ancient = api.post("/api/v1/usage/events", Map.of("events", List.of(
        Scenarios.event("bad-any", "u1", "login", null, "-4000-01-01T00:00:00Z", "bad-ancient"))));
    assertInvalid(ancient, "events[0].occurredAt");
    assertInvalid(api.post("/api/v1/usage/calculate-metrics", Map.of("period", "daily", "from", "0001-01-01",
        "to", "2026-01-02")), "from");
  }

  @Test
  void aSevenThousandCharacterEventId_isA400() {
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", List.of(
        Scenarios.event("bad-any", "u1", "login", null, "2026-11-10T10:00:00Z", "e".repeat(7000)))));
    assertInvalid(response, "events[0].eventId");
  }

  @Test
  void tenThousandEmptyEvents_areRefusedWithACappedList() {
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(Map.of());
    }
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("errors")).hasSize(Limits.MAX_ERRORS);
    assertThat(response.body().get("message").asText()).contains("more than " + Limits.MAX_ERRORS);
    assertThat(response.body().toString().length()).isLessThan(30_000);
    assertThat(response.body().get("errors").get(0).get("field").asText()).startsWith("events[");
  }

  @Test
  void malformedOrMissingBodies_areA400InTheSameShape() {
    Api.Response malformed = api.send("POST", "/api/tokens", "{\"name\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().get("error").asText()).isEqualTo("bad_request");
    assertThat(malformed.body().get("errors").get(0).get("field").asText()).isEqualTo("body");
    Api.Response scalar = api.send("PUT", "/api/customers/bad-scalar", "false");
    assertThat(scalar.status()).as(scalar.body().toString()).isEqualTo(400);
    assertThat(scalar.body().get("errors").get(0).get("message").asText()).isEqualTo("must be a JSON object");
    Api.Response missing = api.send("POST", "/api/tokens", null);
    assertThat(missing.status()).as(missing.body().toString()).isEqualTo(400);
    assertThat(missing.body().path("error").asText()).as(missing.body().toString()).isEqualTo("bad_request");
  }

  @Test
  void aBodyLargerThanItsEndpointTakes_isA413() {
    Map<String, Object> huge = customer("Huge");
    huge.put("productName", "p".repeat(300_000));
    Api.Response response = api.put("/api/customers/bad-huge", huge);
    assertThat(response.status()).isEqualTo(413);
    assertThat(api.get("/api/customers/bad-huge").status()).isEqualTo(404);
  }

  @Test
  void aDetectionRunAsOfYear20000_orForAnIdNoCustomerCouldHave_isA400() {
    assertInvalid(api.post("/api/v1/detections/run", Map.of("asOf", "+20000-01-01")), "asOf");
    assertInvalid(api.post("/api/v1/detections/run", Map.of("asOf", "2026-11-18", "customerId", "x".repeat(3000))),
        "customerId");
    assertInvalid(api.post("/api/v1/detections/run", Map.of("asOf", "2026-11-18", "customerId", "nul\u0000id")),
        "customerId");
    assertInvalid(api.post("/api/v1/detections/run", Map.of("customerId", "bad-any")), "asOf");
    assertInvalid(api.send("POST", "/api/v1/detections/run", "[]"), "body");
  }

  @Test
  void aGenericIncidentOutOfItsLimits_isA400_andOpensNothing() {
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-year", Map.of("startedAt", "+20000-01-01T00:00:00Z"))),
        "startedAt");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-text", Map.of("description", "d".repeat(20_000)))),
        "description");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-title", Map.of("title", "t".repeat(2_000)))),
        "title");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-many",
        Map.of("affectedComponents", java.util.Collections.nCopies(1_000, "api")))), "affectedComponents");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-url", Map.of("statusPageUrl", "javascript:alert(1)"))),
        "statusPageUrl");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad inc/../id", Map.of())), "id");
    assertInvalid(api.post("/api/webhooks/incidents", incident("bad-inc-blank", Map.of("affectedComponents", List.of(" ")))),
        "affectedComponents[0]");
    assertThat(api.all("/api/incidents")).noneSatisfy(i -> assertThat(i.get("externalId").asText()).startsWith("bad"));
  }

  private static Map<String, Object> incident(String id, Map<String, Object> overrides) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("title", "Outage " + id);
    body.put("status", "investigating");
    body.put("severity", "P2");
    body.put("affectedComponents", List.of("api"));
    body.put("startedAt", "2026-11-20T08:00:00Z");
    body.putAll(overrides);
    return body;
  }

  private static void assertInvalid(Api.Response response, String field) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    JsonNode body = response.body();
    assertThat(body.get("error").asText()).isEqualTo("bad_request");
    List<String> fields = new ArrayList<>();
    body.path("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertThat(fields).as(body.toString()).contains(field);
  }

  private static Map<String, Object> customer(String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", 1000);
    body.put("segment", "smb");
    body.put("region", "na");
    body.put("csmId", "bad-csm");
    body.put("championName", "Dana");
    body.put("championEmail", "dana@example.com");
    return body;
  }
}
