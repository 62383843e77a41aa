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
 * {@code GET /api/insights/satisfaction-drivers} through HTTP on the real application and
 * PostgreSQL, against coefficients computed by hand (docs/insights.md, "Satisfaction drivers").
 *
 * <p>Ten customers of segment {@code sd-known}, each with 10 users active on Monday 6 March 2023;
 * customer i (0-9) has i + 1 of them using sd-reports, 10 - i using sd-alerts, and customers 5-9
 * have 5 using sd-api. Their CSAT answers that day: 1, 2, 2, 3, 3, 4, 5, 4, 5, 5.
 *
 * <p>By hand: the answers' average ranks are 1, 2.5, 2.5, 4.5, 4.5, 6.5, 9, 6.5, 9, 9 (mean 5.5;
 * squared deviations sum to 79); sd-reports' use ranks are 1 to 10 (squared deviations 82.5), and
 * the products of deviations sum to 76.5, so Spearman's coefficient is 76.5 / sqrt(82.5 × 79) =
 * 0.94759, shown 0.948; sd-alerts' use is in the reverse order, -0.948; sd-api's use ranks are 3
 * (five customers at 0) and 8 (five at 0.5), deviations ±2.5, products summing to 2.5 × (12.5 + 12.5)
 * = 62.5 over sqrt(62.5 × 79): 0.88946, shown 0.889.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SatisfactionDriversIT implements TestPropertyProvider {
  private static final String DAY = "2023-03-06";
  private static final String RANGE = "from=2023-03-06&to=2023-03-07&segment=sd-known";
  private static final int[] CSAT = {1, 2, 2, 3, 3, 4, 5, 4, 5, 5};

  @Inject EmbeddedServer server;

  private Api admin;
  private Api machine;
  private Api csmA;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTenCustomersWhoseUseAndAnswersAreKnown() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "sd-csm-a", "csm", null);
    Scenarios.putUser(admin, "sd-csm-b", "csm", null);
    machine = admin.as(token(Map.of("name", "sd integration", "role", "integration")));
    csmA = admin.as(token(Map.of("name", "sd csm a", "userId", "sd-csm-a")));

    List<Map<String, Object>> events = new ArrayList<>();
    List<Map<String, Object>> responses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String customer = "sd-k" + i;
      customer(customer, i < 5 ? "sd-csm-a" : "sd-csm-b");
      for (int u = 0; u < 10; u++) {
        use(events, customer, u, "login", null);
        if (u < i + 1) {
          use(events, customer, u, "feature_used", "sd-reports");
        }
        if (u < 10 - i) {
          use(events, customer, u, "feature_used", "sd-alerts");
        }
        if (i >= 5 && u < 5) {
          use(events, customer, u, "feature_used", "sd-api");
        }
      }
      responses.add(response("sd-csat-" + i, customer, "csat", CSAT[i], DAY + "T12:00:00Z"));
      if (i < 9) {
        responses.add(response("sd-nps-" + i, customer, "nps", 7 + i % 4, DAY + "T12:00:00Z"));
      }
    }
    // outside the range: would make sd-k0's average 3 and change every coefficient
    responses.add(response("sd-csat-later", "sd-k0", "csat", 5, "2023-05-10T12:00:00Z"));
    // answers but no use in the range, and use (of a feature nobody else has) but no answers: neither is compared
    customer("sd-no-use", "sd-csm-b");
    responses.add(response("sd-csat-no-use", "sd-no-use", "csat", 1, DAY + "T12:00:00Z"));
    customer("sd-no-answer", "sd-csm-b");
    use(events, "sd-no-answer", 0, "login", null);
    use(events, "sd-no-answer", 0, "feature_used", "sd-only-them");

    Api.Response stored = admin.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(200);
    Api.Response rolled = admin.post("/api/v1/usage/calculate-metrics", Map.of("period", "daily", "to", DAY));
    assertThat(rolled.status()).as(rolled.body().toString()).isEqualTo(200);
    Api.Response answered = machine.post("/api/v1/surveys/responses", Map.of("responses", responses));
    assertThat(answered.status()).as(answered.body().toString()).isEqualTo(200);
  }

  @Test
  void givenTenCustomers_eachFeatureHasItsHandComputedCoefficient_strongestFirst() {
    JsonNode drivers = ok(admin.get("/api/insights/satisfaction-drivers?" + RANGE));

    assertThat(drivers.get("measure").asText()).isEqualTo("csat");
    assertThat(drivers.get("customers").asInt()).isEqualTo(10);
    assertThat(drivers.get("minCustomers").asInt()).isEqualTo(10);
    assertThat(drivers.get("chanceLevel").decimalValue()).isEqualByComparingTo("0.65");
    assertThat(drivers.get("caveat").asText()).startsWith("Correlation, not cause");
    assertThat(drivers.get("drivers")).extracting(d -> d.get("featureId").asText())
        .containsExactly("sd-alerts", "sd-reports", "sd-api");

    JsonNode alerts = drivers.get("drivers").get(0);
    assertThat(alerts.get("coefficient").decimalValue()).isEqualByComparingTo("-0.948");
    assertThat(alerts.get("direction").asText()).isEqualTo("lower");
    JsonNode reports = drivers.get("drivers").get(1);
    assertThat(reports.get("coefficient").decimalValue()).isEqualByComparingTo("0.948");
    assertThat(reports.get("direction").asText()).isEqualTo("higher");
    assertThat(reports.get("customers").asInt()).isEqualTo(10);
    assertThat(reports.get("customersUsing").asInt()).isEqualTo(10);
    // (0.1 + 0.2 + ... + 1.0) / 10
    assertThat(reports.get("averageUse").decimalValue()).isEqualByComparingTo("0.550");
    assertThat(reports.get("summary").asText()).isEqualTo(
        "Customers who used sd-reports on more of their active days gave higher CSAT (Spearman 0.948 over 10 customers).");
    assertThat(reports.get("reason").isNull()).isTrue();
    JsonNode api = drivers.get("drivers").get(2);
    assertThat(api.get("coefficient").decimalValue()).isEqualByComparingTo("0.889");
    assertThat(api.get("customersUsing").asInt()).isEqualTo(5);
    assertThat(api.get("averageUse").decimalValue()).isEqualByComparingTo("0.250");
  }

  @Test
  void givenNineCustomersWithNpsAnswers_noCoefficient_andTheReason() {
    JsonNode drivers = ok(admin.get("/api/insights/satisfaction-drivers?measure=nps&" + RANGE));

    assertThat(drivers.get("customers").asInt()).isEqualTo(9);
    assertThat(drivers.get("chanceLevel").isNull()).isTrue();
    assertThat(drivers.get("drivers")).hasSize(3).allSatisfy(d -> {
      assertThat(d.get("coefficient").isNull()).as(d.toString()).isTrue();
      assertThat(d.get("customers").asInt()).isEqualTo(9);
      assertThat(d.get("reason").asText()).startsWith("Only 9 customers had both NPS answers and use in the range;");
    });
  }

  @Test
  void aCsmSeesTheirOwnFiveCustomers_tooFewForACoefficient_andAnIntegrationTokenNothing() {
    JsonNode own = ok(csmA.get("/api/insights/satisfaction-drivers?" + RANGE));
    assertThat(own.get("customers").asInt()).isEqualTo(5);
    assertThat(own.get("drivers")).allSatisfy(d -> assertThat(d.get("reason").asText()).startsWith("Only 5 customers"));
    // sd-api: none of the CSM's customers used it, so it is not among their features
    assertThat(own.get("drivers")).extracting(d -> d.get("featureId").asText())
        .containsExactlyInAnyOrder("sd-reports", "sd-alerts");
    assertThat(machine.get("/api/insights/satisfaction-drivers").status()).isEqualTo(403);
  }

  @Test
  void aRangeWithoutAnswers_comparesNobody() {
    JsonNode none = ok(admin.get("/api/insights/satisfaction-drivers?from=2023-03-07&to=2023-03-08&segment=sd-known"));
    assertThat(none.get("customers").asInt()).isZero();
    assertThat(none.get("drivers")).isEmpty();
    // the default range is the 90 days before today: nothing of 2023 in it
    assertThat(ok(admin.get("/api/insights/satisfaction-drivers?segment=sd-known")).get("customers").asInt()).isZero();
  }

  @Test
  void badParametersAreRefusedWith400NamingThem() {
    assertRefused("measure=ces", "measure");
    assertRefused("from=2023-03-07&to=2023-03-06", "from");
    assertRefused("from=2023-03-06&to=2023-03-06", "from");
    assertRefused("from=last%20monday", "from");
    assertRefused("to=2023-13-01", "to");
    assertRefused("from=2022-01-01&to=2023-03-06", "from");
    assertRefused("segment=%20", "segment");
    // 400 days exactly is allowed
    assertThat(admin.get("/api/insights/satisfaction-drivers?from=2022-01-30&to=2023-03-06").status()).isEqualTo(200);
  }

  private void assertRefused(String query, String field) {
    Api.Response refused = admin.get("/api/insights/satisfaction-drivers?" + query);
    assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
    assertThat(refused.body().toString()).as(query).contains("\"" + field + "\"");
  }

  private static void use(List<Map<String, Object>> events, String customer, int user, String type, String feature) {
    String at = DAY + "T09:" + String.format("%02d", user) + ":00Z";
    events.add(Scenarios.event(customer, customer + "-u" + user, type, feature, at,
        customer + "-" + user + "-" + (feature == null ? type : feature)));
  }

  private void customer(String id, String csmId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Drivers " + id);
    body.put("arr", 40000);
    body.put("segment", "sd-known");
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Sam Surveyed");
    body.put("championEmail", "sam@" + id + ".example.com");
    Api.Response put = admin.put("/api/customers/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  private static Map<String, Object> response(String id, String customer, String type, int score, String at) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("responseId", id);
    r.put("customerId", customer);
    r.put("contactEmail", "sam@example.com");
    r.put("type", type);
    r.put("score", score);
    r.put("respondedAt", at);
    return r;
  }

  private static JsonNode ok(Api.Response response) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    return response.body();
  }

  private String token(Map<String, Object> body) {
    Api.Response created = admin.post("/api/tokens", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return created.body().get("token").asText();
  }
}
