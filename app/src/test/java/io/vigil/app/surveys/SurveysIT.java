package io.vigil.app.surveys;

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

/**
 * Survey responses and the NPS and CSAT insights through HTTP on the real application and
 * PostgreSQL, against figures computed by hand: the 6/7 and 8/9 boundaries, rounding half up, an
 * empty range, idempotency by response id, all-or-nothing validation and each role's scope. Each
 * test keeps to its own segment or months, so the others' responses do not change its figures.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SurveysIT implements TestPropertyProvider {
  private static final String RESPONSES = "/api/v1/surveys/responses";

  @Inject EmbeddedServer server;

  private Api admin;
  private Api machine;
  private Api csmA;
  private Api csmB;
  private Api manager;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTwoCsmsAndCustomersInTheirOwnSegments() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "sv-mgr", "manager", null);
    Scenarios.putUser(admin, "sv-csm-a", "csm", "sv-mgr");
    Scenarios.putUser(admin, "sv-csm-b", "csm", null);
    customer("sv-bound", "sv-csm-a", "sv-boundaries");
    customer("sv-round", "sv-csm-a", "sv-rounding");
    customer("sv-idem", "sv-csm-a", "sv-idempotency");
    customer("sv-scope-a", "sv-csm-a", "sv-scope");
    customer("sv-scope-b", "sv-csm-b", "sv-scope");
    customer("sv-csat-1", "sv-csm-a", "sv-csat");
    customer("sv-csat-2", "sv-csm-b", "sv-csat");
    machine = admin.as(token(Map.of("name", "sv integration", "role", "integration")));
    csmA = admin.as(token(Map.of("name", "sv csm a", "userId", "sv-csm-a")));
    csmB = admin.as(token(Map.of("name", "sv csm b", "userId", "sv-csm-b")));
    manager = admin.as(token(Map.of("name", "sv manager", "userId", "sv-mgr")));
  }

  @Test
  void npsCountsSixAsDetractor_sevenAndEightAsPassive_nineAsPromoter_perMonthAndOverall() {
    List<Map<String, Object>> batch = new ArrayList<>();
    int[] january = {6, 7, 8, 9};
    for (int i = 0; i < january.length; i++) {
      batch.add(response("sv-b-jan-" + i, "sv-bound", "nps", january[i], "2025-01-1" + i + "T10:00:00Z", null));
    }
    int[] february = {10, 10, 0};
    for (int i = 0; i < february.length; i++) {
      batch.add(response("sv-b-feb-" + i, "sv-bound", "nps", february[i], "2025-02-0" + (i + 1) + "T10:00:00Z", null));
    }
    assertStored(machine.post(RESPONSES, Map.of("responses", batch)), 7, 0, 0);

    JsonNode nps = ok(admin.get("/api/insights/nps?segment=sv-boundaries"));
    // 3 promoters (9, 10, 10), 2 passives (7, 8), 2 detractors (6, 0) of 7: 100 * (3 - 2) / 7 = 14.2857...
    assertThat(nps.get("promoters").asInt()).isEqualTo(3);
    assertThat(nps.get("passives").asInt()).isEqualTo(2);
    assertThat(nps.get("detractors").asInt()).isEqualTo(2);
    assertThat(nps.get("responses").asInt()).isEqualTo(7);
    assertThat(nps.get("nps").decimalValue()).isEqualByComparingTo("14.3");
    assertThat(nps.get("trend")).hasSize(2);
    // January: 1 promoter (9), 2 passives, 1 detractor (6) of 4 = 0; February: 2 of 3 promote, 1 detracts = 33.33...
    assertThat(nps.get("trend").get(0).get("month").asText()).isEqualTo("2025-01");
    assertThat(nps.get("trend").get(0).get("nps").decimalValue()).isEqualByComparingTo("0.0");
    assertThat(nps.get("trend").get(0).get("responses").asInt()).isEqualTo(4);
    assertThat(nps.get("trend").get(1).get("month").asText()).isEqualTo("2025-02");
    assertThat(nps.get("trend").get(1).get("nps").decimalValue()).isEqualByComparingTo("33.3");

    JsonNode february1st = ok(admin.get("/api/insights/nps?segment=sv-boundaries&from=2025-02-01&to=2025-02-02"));
    assertThat(february1st.get("responses").asInt()).isEqualTo(1);
    assertThat(february1st.get("nps").decimalValue()).isEqualByComparingTo("100.0");
  }

  @Test
  void npsIsRoundedToOneDecimalHalfUp_awayFromZeroForANegativeScore() {
    List<Map<String, Object>> batch = new ArrayList<>();
    // March: 1 promoter and 79 passives: 100 * 1 / 80 = 1.25; April: 1 detractor and 79 passives: -1.25
    for (int i = 0; i < 80; i++) {
      batch.add(response("sv-r-mar-" + i, "sv-round", "nps", i == 0 ? 9 : 8, "2025-03-10T10:00:00Z", null));
      batch.add(response("sv-r-apr-" + i, "sv-round", "nps", i == 0 ? 6 : 7, "2025-04-10T10:00:00Z", null));
    }
    assertStored(machine.post(RESPONSES, Map.of("responses", batch)), 160, 0, 0);

    JsonNode march = ok(admin.get("/api/insights/nps?segment=sv-rounding&from=2025-03-01&to=2025-04-01"));
    assertThat(march.get("nps").decimalValue()).isEqualByComparingTo("1.3");
    JsonNode april = ok(admin.get("/api/insights/nps?segment=sv-rounding&from=2025-04-01&to=2025-05-01"));
    assertThat(april.get("nps").decimalValue()).isEqualByComparingTo("-1.3");
    assertThat(ok(admin.get("/api/insights/nps?segment=sv-rounding")).get("nps").decimalValue())
        .isEqualByComparingTo("0.0");
  }

  @Test
  void aRangeWithoutResponses_answersZeroResponsesAndNoScore() {
    JsonNode none = ok(admin.get("/api/insights/nps?segment=sv-boundaries&from=2024-06-01&to=2024-07-01"));
    assertThat(none.get("responses").asInt()).isZero();
    assertThat(none.get("nps").isNull()).as(none.toString()).isTrue();
    assertThat(none.get("trend")).isEmpty();
    JsonNode csat = ok(admin.get("/api/insights/csat?from=2001-01-01&to=2001-02-01"));
    assertThat(csat.get("responses").asInt()).isZero();
    assertThat(csat.get("average").isNull()).as(csat.toString()).isTrue();
    assertThat(csat.get("byWeek")).isEmpty();
  }

  @Test
  void givenTheSameResponseAgain_nothingChanges_andADifferentVersionReplacesIt() {
    Map<String, Object> first = response("sv-i-1", "sv-idem", "nps", 3, "2025-05-02T10:00:00Z", null);
    first.put("comment", "Too slow");
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(first))), 1, 0, 0);
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(first))), 0, 0, 1);
    assertThat(ok(admin.get("/api/insights/nps?segment=sv-idempotency")).get("nps").decimalValue())
        .isEqualByComparingTo("-100.0");

    Map<String, Object> revised = new LinkedHashMap<>(first);
    revised.put("score", 10);
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(revised))), 0, 1, 0);
    JsonNode nps = ok(admin.get("/api/insights/nps?segment=sv-idempotency"));
    assertThat(nps.get("responses").asInt()).isEqualTo(1);
    assertThat(nps.get("nps").decimalValue()).isEqualByComparingTo("100.0");
  }

  @Test
  void givenABatchWithOneBadResponse_nothingIsStored_andEveryProblemIsListedByIndex() {
    Map<String, Object> good = response("sv-v-1", "sv-idem", "nps", 9, "2025-06-02T10:00:00Z", null);
    Map<String, Object> npsTooHigh = response("sv-v-2", "sv-idem", "nps", 11, "2025-06-02T10:00:00Z", null);
    Map<String, Object> csatZero = response("sv-v-3", "sv-no-such-customer", "csat", 0, "last tuesday", "bad feature!");
    Map<String, Object> future = response("sv-v-4", "sv-idem", "ces", 3, "2099-01-01T00:00:00Z", null);
    future.put("contactEmail", "not an email");
    Api.Response refused = machine.post(RESPONSES, Map.of("responses", List.of(good, npsTooHigh, csatZero, future)));

    assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
    assertThat(refused.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder(
        "responses[1].score", "responses[2].customerId", "responses[2].score", "responses[2].respondedAt",
        "responses[2].featureId", "responses[3].type", "responses[3].respondedAt", "responses[3].contactEmail");
    assertThat(ok(admin.get("/api/insights/nps?segment=sv-idempotency&from=2025-06-01&to=2025-07-01"))
        .get("responses").asInt()).isZero();
    // the boundaries of each scale are accepted
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(
        response("sv-v-5", "sv-idem", "nps", 0, "2025-06-02T10:00:00Z", null),
        response("sv-v-6", "sv-idem", "nps", 10, "2025-06-02T10:00:00Z", null),
        response("sv-v-7", "sv-idem", "csat", 1, "2025-06-02T10:00:00Z", null),
        response("sv-v-8", "sv-idem", "csat", 5, "2025-06-02T10:00:00Z", null)))), 4, 0, 0);
    assertThat(machine.post(RESPONSES, Map.of("responses", List.of())).status()).isEqualTo(400);
    assertThat(machine.postRaw(RESPONSES, "{\"responses\": [{\"score\": \"high\"}]}").status()).isEqualTo(400);
    // a score is a whole number: 7.5 is refused, not cut down to 7
    Api.Response fraction = machine.postRaw(RESPONSES, "{\"responses\": [{\"responseId\": \"sv-v-9\", "
        + "\"customerId\": \"sv-idem\", \"contactEmail\": \"robin@example.com\", \"type\": \"nps\", "
        + "\"score\": 7.5, \"respondedAt\": \"2025-06-02T10:00:00Z\"}]}");
    assertThat(fraction.status()).as(fraction.body().toString()).isEqualTo(400);
    assertThat(admin.get("/api/insights/nps?from=2025-02-01&to=2025-01-01").status()).isEqualTo(400);
    assertThat(admin.get("/api/insights/csat?from=yesterday").status()).isEqualTo(400);
  }

  @Test
  void eachPersonSeesTheScoresOfTheirCustomersOnly() {
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(
        response("sv-s-a", "sv-scope-a", "nps", 10, "2025-07-02T10:00:00Z", null),
        response("sv-s-b", "sv-scope-b", "nps", 0, "2025-07-02T10:00:00Z", null)))), 2, 0, 0);

    assertThat(ok(admin.get("/api/insights/nps?segment=sv-scope")).get("nps").decimalValue()).isEqualByComparingTo("0.0");
    JsonNode ownA = ok(csmA.get("/api/insights/nps?segment=sv-scope"));
    assertThat(ownA.get("responses").asInt()).isEqualTo(1);
    assertThat(ownA.get("nps").decimalValue()).isEqualByComparingTo("100.0");
    assertThat(ok(csmB.get("/api/insights/nps?segment=sv-scope")).get("nps").decimalValue())
        .isEqualByComparingTo("-100.0");
    assertThat(ok(manager.get("/api/insights/nps?segment=sv-scope")).get("responses").asInt()).isEqualTo(1);
    assertThat(machine.get("/api/insights/nps").status()).isEqualTo(403);
    assertThat(csmA.post(RESPONSES, Map.of("responses", List.of())).status()).isEqualTo(403);
  }

  @Test
  void csatAveragesLowScoresByFeatureByTicketCategoryAndByWeek() {
    Map<String, Object> inRange = new LinkedHashMap<>(Map.of("ticketId", "sv-t-1", "customerId", "sv-csat-1",
        "subject", "Export totals are wrong", "body", "The CSV export gives error 500 and the totals do not match.",
        "createdAt", "2024-02-05T09:00:00Z", "status", "open"));
    Map<String, Object> before = new LinkedHashMap<>(Map.of("ticketId", "sv-t-2", "customerId", "sv-csat-2",
        "subject", "How do I add a user?", "body", "Where do I invite a new colleague to our workspace?",
        "createdAt", "2024-01-10T09:00:00Z", "status", "solved"));
    assertThat(machine.post("/api/v1/tickets", Map.of("tickets", List.of(inRange, before))).status()).isEqualTo(200);
    String category = admin.get("/api/tickets/sv-t-1").body().at("/ticket/category").asText();

    // week of Monday 5 February: export 1, 2, 5 and sv-csat-2's 1 (no feature, no ticket in the range)
    // week of Monday 12 February: sv-csat-1's 3 and 4, no feature, so under its ticket's category
    assertStored(machine.post(RESPONSES, Map.of("responses", List.of(
        response("sv-c-1", "sv-csat-1", "csat", 1, "2024-02-06T10:00:00Z", "sv-export"),
        response("sv-c-2", "sv-csat-1", "csat", 2, "2024-02-07T10:00:00Z", "sv-export"),
        response("sv-c-3", "sv-csat-2", "csat", 5, "2024-02-08T10:00:00Z", "sv-export"),
        response("sv-c-4", "sv-csat-2", "csat", 1, "2024-02-11T23:59:59Z", null),
        response("sv-c-5", "sv-csat-1", "csat", 3, "2024-02-12T00:00:00Z", null),
        response("sv-c-6", "sv-csat-1", "csat", 4, "2024-02-14T10:00:00Z", null),
        response("sv-c-7", "sv-csat-1", "nps", 0, "2024-02-14T10:00:00Z", null)))), 7, 0, 0);

    JsonNode csat = ok(admin.get("/api/insights/csat?from=2024-02-01&to=2024-03-01"));
    // 1 + 2 + 5 + 1 + 3 + 4 = 16 over 6 = 2.666...; the NPS answer is no CSAT
    assertThat(csat.get("responses").asInt()).isEqualTo(6);
    assertThat(csat.get("average").decimalValue()).isEqualByComparingTo("2.67");
    assertThat(csat.get("low").asInt()).isEqualTo(3);
    assertThat(csat.get("byFeature")).hasSize(1);
    JsonNode export = csat.get("byFeature").get(0);
    assertThat(export.get("featureId").asText()).isEqualTo("sv-export");
    assertThat(export.get("responses").asInt()).isEqualTo(3);
    assertThat(export.get("average").decimalValue()).isEqualByComparingTo("2.67");
    assertThat(export.get("low").asInt()).isEqualTo(2);
    assertThat(csat.get("byCategory")).hasSize(1);
    JsonNode byCategory = csat.get("byCategory").get(0);
    assertThat(byCategory.get("category").asText()).isEqualTo(category);
    assertThat(byCategory.get("responses").asInt()).isEqualTo(2);
    assertThat(byCategory.get("average").decimalValue()).isEqualByComparingTo("3.50");
    assertThat(byCategory.get("low").asInt()).isZero();
    assertThat(csat.get("byWeek")).extracting(w -> w.get("week").asText()).containsExactly("2024-02-05", "2024-02-12");
    // 1 + 2 + 5 + 1 = 9 over 4 = 2.25, three of them low; 3 + 4 over 2 = 3.5
    assertThat(csat.get("byWeek").get(0).get("average").decimalValue()).isEqualByComparingTo("2.25");
    assertThat(csat.get("byWeek").get(0).get("low").asInt()).isEqualTo(3);
    assertThat(csat.get("byWeek").get(1).get("average").decimalValue()).isEqualByComparingTo("3.50");

    JsonNode ownB = ok(csmB.get("/api/insights/csat?from=2024-02-01&to=2024-03-01"));
    assertThat(ownB.get("responses").asInt()).isEqualTo(2);
    assertThat(ownB.get("average").decimalValue()).isEqualByComparingTo("3.00");
  }

  @Test
  void csatAveragesAreRoundedToTwoDecimalsHalfUp() {
    List<Map<String, Object>> batch = new ArrayList<>();
    int[] scores = {1, 2, 2, 2, 2, 2, 3, 3};
    for (int i = 0; i < scores.length; i++) {
      batch.add(response("sv-cr-" + i, "sv-csat-1", "csat", scores[i], "2024-04-10T10:00:00Z", "sv-round"));
    }
    assertStored(machine.post(RESPONSES, Map.of("responses", batch)), 8, 0, 0);
    // 17 / 8 = 2.125
    JsonNode csat = ok(admin.get("/api/insights/csat?from=2024-04-01&to=2024-05-01"));
    assertThat(csat.get("average").decimalValue()).isEqualByComparingTo("2.13");
    assertThat(csat.get("low").asInt()).isEqualTo(6);
  }

  private void customer(String id, String csmId, String segment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Survey " + id);
    body.put("arr", 50000);
    body.put("segment", segment);
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Robin Respondent");
    body.put("championEmail", "robin@" + id + ".example.com");
    Api.Response put = admin.put("/api/customers/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  private static Map<String, Object> response(String id, String customer, String type, int score, String at,
      String featureId) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("responseId", id);
    r.put("customerId", customer);
    r.put("contactEmail", "Robin@Example.com");
    r.put("type", type);
    r.put("score", score);
    r.put("respondedAt", at);
    if (featureId != null) {
      r.put("featureId", featureId);
    }
    return r;
  }

  private static JsonNode ok(Api.Response response) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    return response.body();
  }

  private static void assertStored(Api.Response response, int created, int updated, int unchanged) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    assertThat(List.of(response.body().get("created").asInt(), response.body().get("updated").asInt(),
        response.body().get("unchanged").asInt())).as(response.body().toString()).containsExactly(created, updated, unchanged);
  }

  private String token(Map<String, Object> body) {
    Api.Response created = admin.post("/api/tokens", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().get("token").asText();
  }
}
