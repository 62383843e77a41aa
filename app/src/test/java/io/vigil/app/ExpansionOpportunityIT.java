package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.activities.expansion.ExpansionOpportunities;
import io.vigil.infra.persistence.DailyHealth;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Expansion opportunities through HTTP on the dev server: the trigger the health sweep runs after a
 * page finds the customers using all their seats, records one positive signal each and DMs their CSM
 * once; a page scored again tells nobody twice, another day in the cooldown is recorded as
 * suppressed; {@code GET /api/insights/expansion} lists them for their CSM only, a page at a time,
 * and answers bad input with a 400.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpansionOpportunityIT implements TestPropertyProvider {
  private final String run = "x" + System.nanoTime();
  private final LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);

  @Inject EmbeddedServer server;
  @Inject ExpansionOpportunities trigger;

  private Api admin;
  private Api csm;
  private Api otherCsm;
  private FakeSlackAndGoogle fakes;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTwoCsms() {
    admin = new Api(server.getURL().toString());
    fakes = new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, run + "-a", "csm", null);
    Scenarios.putUser(admin, run + "-b", "csm", null);
    csm = admin.as(token(run + "-a"));
    otherCsm = admin.as(token(run + "-b"));
  }

  @Test
  void givenCustomersUsingAllTheirSeats_eachGetsOneOpportunityAndItsCsmOneDm_andTheListShowsThemToTheirCsm() {
    String full = run + "-full";
    String also = run + "-also";
    String roomy = run + "-roomy";
    customerWithSeats(full, "Fullhouse " + run, 20);
    customerWithSeats(also, "Alsofull " + run, 20);
    customerWithSeats(roomy, "Roomy " + run, 30);
    for (String id : List.of(full, also, roomy)) {
      // 20 users every weekday for 45 days: 20 monthly active users each day, of 20 seats or of 30
      Scenarios.ingestWeekdays(admin, id, asOf.minusDays(45), asOf, day -> 20);
      Api.Response calculated = admin.post("/api/v1/usage/calculate-metrics",
          Map.of("customerId", id, "period", "monthly", "from", asOf.minusDays(45).toString(), "to", asOf.toString()));
      assertThat(calculated.status()).isEqualTo(200);
    }
    List<DailyHealth> page = List.of(day(full, asOf), day(also, asOf), day(roomy, asOf));

    assertThat(trigger.dispatch(asOf, page)).isEqualTo(2);
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> csm.activityActions(full).contains("expansion_csm_notified")
            && csm.activityActions(also).contains("expansion_csm_notified"));
    trigger.dispatch(asOf, page);
    // a day before, still inside the cooldown: recorded as suppressed, no second DM
    trigger.dispatch(asOf.minusDays(1), List.of(day(full, asOf.minusDays(1))));
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> csm.activityActions(full).contains("detection_suppressed"));

    assertThat(fakes.slackPostsMentioning("Fullhouse " + run)).hasSize(1);
    assertThat(fakes.slackPostsMentioning("Roomy " + run)).isEmpty();
    assertThat(csm.activityActions(full).stream().filter("expansion_opportunity_found"::equals)).hasSize(1);
    assertThat(csm.activityActions(full).stream().filter("detection_suppressed"::equals)).hasSize(1);
    assertThat(csm.activityActions(roomy)).doesNotContain("expansion_opportunity_found");
    JsonNode signals = csm.get("/api/risk-signals?customerId=" + full + "&type=expansion_opportunity").body().get("items");
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).get("severity").asText()).isEqualTo("positive");
    assertThat(signals.get(0).get("metadata").get("reason").asText()).contains("not a risk").contains("20 licensed seats");

    JsonNode first = csm.get("/api/insights/expansion?limit=1").body();
    assertThat(first.get("items")).hasSize(1);
    JsonNode second = csm.get("/api/insights/expansion?limit=1&cursor=" + first.get("nextCursor").asText()).body();
    assertThat(second.get("items")).hasSize(1);
    assertThat(second.get("nextCursor").isNull()).isTrue();
    List<JsonNode> items = new ArrayList<>(List.of(first.get("items").get(0), second.get("items").get(0)));
    assertThat(items).extracting(i -> i.get("customerId").asText()).containsExactlyInAnyOrder(also, full);
    JsonNode item = items.stream().filter(i -> i.get("customerId").asText().equals(full)).findFirst().orElseThrow();
    assertThat(item.get("arr").decimalValue()).isEqualByComparingTo("120000");
    assertThat(item.get("csmId").asText()).isEqualTo(run + "-a");
    assertThat(item.get("asOf").asText()).isEqualTo(asOf.toString());
    assertThat(item.get("evidence").get(0).get("rule").asText()).isEqualTo("seat_utilization");
    assertThat(item.get("evidence").get(0).get("summary").asText())
        .isEqualTo("20 active users of 20 licensed seats (100% or more) on each of the last 14 days");
    assertThat(otherCsm.get("/api/insights/expansion").body().get("items")).isEmpty();
    assertThat(admin.get("/api/insights/expansion?limit=1000").body().get("items").toString()).contains(full, also);
  }

  @Test
  void givenAGrowthCustomerUsingAnEnterpriseFeatureHeavily_itGetsOneOpportunityWithThatEvidence() {
    String feature = run + "-adv";
    Api.Response registered = admin.put("/api/features/" + feature,
        Map.of("featureName", "Advanced Reports", "plan", "enterprise"));
    assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
    String growth = run + "-growth";
    String enterprise = run + "-enterprise";
    // a CSM of their own, so that the other test's list of run-a's opportunities stays its own
    Scenarios.putUser(admin, run + "-c", "csm", null);
    customerWithSeats(growth, "Growthplan " + run, 100, "Growth", run + "-c");
    customerWithSeats(enterprise, "Enterpriseplan " + run, 100, "enterprise", run + "-c");
    for (String id : List.of(growth, enterprise)) {
      // 6 users of the feature every weekday of the last 14 days (10 days), 6 of 100 seats
      List<Map<String, Object>> events = new ArrayList<>();
      for (LocalDate day = asOf.minusDays(13); !day.isAfter(asOf); day = day.plusDays(1)) {
        if (day.getDayOfWeek().getValue() < 6) {
          for (int u = 0; u < 6; u++) {
            events.add(Scenarios.event(id, "user-" + u, "feature_used", feature,
                day.atTime(10, u).toInstant(ZoneOffset.UTC).toString(), id + "-" + day + "-" + u));
          }
        }
      }
      assertThat(admin.post("/api/v1/usage/events", Map.of("events", events)).status()).isEqualTo(200);
      assertThat(admin.post("/api/v1/usage/calculate-metrics", Map.of("customerId", id, "period", "monthly",
          "from", asOf.minusDays(13).toString(), "to", asOf.toString())).status()).isEqualTo(200);
    }

    assertThat(trigger.dispatch(asOf, List.of(day(growth, asOf), day(enterprise, asOf)))).isEqualTo(1);
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> admin.activityActions(growth).contains("expansion_csm_notified"));

    JsonNode signals = admin.get("/api/risk-signals?customerId=" + growth + "&type=expansion_opportunity").body().get("items");
    assertThat(signals).hasSize(1);
    assertThat(signals.get(0).get("metadata").get("reason").asText()).isEqualTo("ready for expansion (a positive signal, "
        + "not a risk): used Advanced Reports on 10 of the last 14 days by 6 users a day: it is in the enterprise plan, "
        + "they are on growth");
    assertThat(signals.get(0).at("/metadata/evidence/0/rule").asText()).isEqualTo("feature_above_plan");
    assertThat(fakes.slackPostsMentioning("Growthplan " + run)).singleElement()
        .satisfies(post -> assertThat(java.net.URLDecoder.decode(post.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("used Advanced Reports on 10 of the last 14 days"));
    assertThat(admin.activityActions(enterprise)).as("the feature is in its plan").doesNotContain("expansion_opportunity_found");
  }

  @Test
  void givenBadPagination_theListAnswersA400ThatNamesTheParameter() {
    for (String query : List.of("limit=0", "limit=1001", "limit=many", "cursor=bogus", "cursor=%25%25not-base64")) {
      Api.Response answer = csm.get("/api/insights/expansion?" + query);
      assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(400);
      assertThat(answer.body().toString()).contains(query.substring(0, query.indexOf('=')));
    }
    String otherList = csm.get("/api/risk-signals?limit=1").body().path("nextCursor").asText(null);
    if (otherList != null) {
      assertThat(csm.get("/api/insights/expansion?cursor=" + otherList).status()).isEqualTo(400);
    }
  }

  private void customerWithSeats(String id, String name, int seats) {
    customerWithSeats(id, name, seats, null, run + "-a");
  }

  private void customerWithSeats(String id, String name, int seats, String plan, String csmId) {
    Scenarios.putCustomer(admin, id, name, csmId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", 120000);
    body.put("segment", "enterprise");
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Dana Champion");
    body.put("championEmail", "dana@" + id + ".example.com");
    body.put("seats", seats);
    if (plan != null) {
      body.put("plan", plan);
    }
    Api.Response put = admin.put("/api/customers/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  /** The customer's stored day as the sweep hands it to the triggers; the expansion rules read usage, not the score. */
  private static DailyHealth day(String customerId, LocalDate asOf) {
    return new DailyHealth(customerId, asOf, 84, "green", "stable", null, null, null, "{}", List.of(), null, null);
  }

  private String token(String userId) {
    Api.Response issued = admin.post("/api/tokens", Map.of("name", "expansion " + userId, "userId", userId));
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    return issued.body().get("token").asText();
  }
}
