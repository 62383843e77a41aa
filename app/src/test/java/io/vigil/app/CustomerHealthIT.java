package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Customer health through HTTP: account facts on the customer, a score on demand with its
 * components and inputs, the summary by band with the customers at risk a page at a time, each
 * caller's scope, and the 400s that change nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerHealthIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);
  private final String run = "h" + System.nanoTime();
  private final String segment = "health-it-" + run;

  @Inject EmbeddedServer server;

  private Api admin;
  private Api manager;
  private Api csmA;
  private Api csmB;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenAPortfolioOfTwoCsmsUnderOneManager() {
    admin = new Api(server.getURL().toString());
    new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, run + "-mgr", "manager", null);
    Scenarios.putUser(admin, run + "-a", "csm", run + "-mgr");
    Scenarios.putUser(admin, run + "-b", "csm", run + "-mgr");
    manager = Scenarios.signedInAs(admin, run + "-mgr");
    csmA = Scenarios.signedInAs(admin, run + "-a");
    csmB = Scenarios.signedInAs(admin, run + "-b");
    // steady: 20 users every weekday; stopped: nobody for the last 10 days; quiet: no usage at all
    customer("steady", run + "-a", 300_000);
    customer("stopped", run + "-a", 200_000);
    customer("stopped2", run + "-b", 100_000);
    customer("quiet", run + "-b", 50_000);
    // quiet has no seats: even rolled up (zeros) by another test's sweep, it compares with nothing
    usage("steady", day -> 20);
    usage("stopped", day -> day.isAfter(AS_OF.minusDays(10)) ? 0 : 20);
    usage("stopped2", day -> day.isAfter(AS_OF.minusDays(10)) ? 0 : 10);
    // voiced: as steady, with two CSAT answers of 3 in the 90 days
    customer("voiced", run + "-a", 150_000);
    usage("voiced", day -> 20);
    assertThat(admin.post("/api/v1/surveys/responses", Map.of("responses", List.of(
        csat("voiced-1", AS_OF.minusDays(3)), csat("voiced-2", AS_OF.minusDays(60))))).status()).isEqualTo(200);
    for (String c : List.of("steady", "stopped", "stopped2", "quiet", "voiced")) {
      Api.Response scored = admin.post("/api/customers/" + id(c) + "/health", Map.of());
      assertThat(scored.status()).as(scored.body().toString()).isEqualTo(200);
    }
  }

  @Test
  void givenSeatsPlanAndDates_theCustomerKeepsThem_andAPutWithoutThemLeavesThemAsTheyWere() {
    JsonNode customer = admin.get("/api/customers/" + id("steady")).body();
    assertThat(customer.get("seats").asInt()).isEqualTo(25);
    assertThat(customer.get("plan").asText()).isEqualTo("enterprise");
    assertThat(customer.get("startDate").asText()).isEqualTo("2025-01-15");
    assertThat(customer.get("renewalDate").asText()).isEqualTo("2027-01-15");

    Map<String, Object> body = customerBody("steady", run + "-a", 300_000);
    body.remove("seats");
    body.remove("plan");
    assertThat(admin.put("/api/customers/" + id("steady"), body).status()).isEqualTo(200);
    assertThat(admin.get("/api/customers/" + id("steady")).body().get("seats").asInt()).isEqualTo(25);
  }

  @Test
  void givenOnDemandScoring_theAnswerHasTheScoreItsComponentsAndInputsAndSaysWhatIsMissing() {
    JsonNode health = csmA.get("/api/customers/" + id("steady") + "/health").body();

    assertThat(health.get("customerId").asText()).isEqualTo(id("steady"));
    assertThat(health.get("asOf").asText()).isEqualTo(AS_OF.toString());
    assertThat(health.get("score").asInt()).isBetween(80, 100);
    assertThat(health.get("band").asText()).isEqualTo("green");
    assertThat(health.get("trend").isNull()).as("no scores from three weeks before").isTrue();
    assertThat(health.get("missing")).extracting(JsonNode::asText).contains("sentiment");
    JsonNode engagement = health.at("/components/engagement");
    assertThat(engagement.get("score").isNumber()).isTrue();
    assertThat(engagement.get("inputs")).extracting(i -> i.get("name").asText())
        .contains("activeUsers", "loginFrequency", "activeUsersPerSeat", "featureBreadth");
    assertThat(health.at("/components/sentiment/score").isNull()).isTrue();
    assertThat(health.at("/components/sentiment/missingReason").asText()).contains("no NPS answer in the last 180 days");
    assertThat(health.get("mostImpactful").asText()).isNotBlank();
    assertThat(health.get("history")).hasSize(1);
    assertThat(health.at("/history/0/date").asText()).isEqualTo(AS_OF.toString());
    assertThat(admin.get("/api/customers/" + id("steady")).body().get("healthScore").asInt())
        .isEqualTo(health.get("score").asInt());

    JsonNode stopped = csmA.get("/api/customers/" + id("stopped") + "/health").body();
    assertThat(stopped.get("band").asText()).isEqualTo("red");
    assertThat(stopped.get("mostImpactful").asText()).containsAnyOf("lowered");
  }

  @Test
  void givenCsatAnswers_sentimentIsScoredFromThemWithItsFullWeight() {
    JsonNode health = csmA.get("/api/customers/" + id("voiced") + "/health").body();

    assertThat(health.get("missing")).extracting(JsonNode::asText).doesNotContain("sentiment");
    JsonNode sentiment = health.at("/components/sentiment");
    // the mean of 3 and 3 against the mark of 4: 85 * 3 / 4 = 63.75
    assertThat(sentiment.get("score").asDouble()).isEqualTo(63.75);
    assertThat(sentiment.get("inputs")).extracting(i -> i.get("name").asText()).containsExactly("csat");
    // growth has no 90 days to compare yet: sentiment weighs 30 / (40 + 30)
    assertThat(sentiment.get("weight").asDouble()).isEqualTo(0.4286);
    assertThat(health.get("missing")).extracting(JsonNode::asText).containsExactly("growth");
  }

  @Test
  void givenACustomerWithoutAnyData_itHasNoScoreAndEveryComponentIsMissing_neverAnInventedValue() {
    JsonNode health = admin.get("/api/customers/" + id("quiet") + "/health").body();
    assertThat(health.get("score").isNull()).isTrue();
    assertThat(health.get("band").isNull()).isTrue();
    assertThat(health.get("missing")).extracting(JsonNode::asText).containsExactly("engagement", "sentiment", "growth");
    assertThat(admin.get("/api/customers/" + id("quiet")).body().get("healthScore").asInt()).isEqualTo(75);
  }

  @Test
  void givenTheSummary_eachCallerCountsTheirOwnCustomers_andTheAtRiskComeLargestArrFirstAPageAtATime() {
    JsonNode team = manager.get("/api/health/summary?segment=" + segment).body();
    assertThat(List.of(team.get("green").asInt(), team.get("yellow").asInt(), team.get("red").asInt(),
        team.get("unscored").asInt())).containsExactly(1, 0, 2, 1);
    assertThat(team.get("atRisk")).extracting(r -> r.get("customerId").asText())
        .containsExactly(id("stopped"), id("stopped2"));
    assertThat(team.at("/atRisk/0/reason").asText()).isNotBlank();
    assertThat(team.at("/atRisk/0/arr").asInt()).isEqualTo(200_000);

    JsonNode own = csmB.get("/api/health/summary?segment=" + segment).body();
    assertThat(own.get("red").asInt()).isEqualTo(1);
    assertThat(own.get("green").asInt()).isZero();
    assertThat(own.get("atRisk")).extracting(r -> r.get("customerId").asText()).containsExactly(id("stopped2"));
    JsonNode other = csmB.get("/api/health/summary?segment=" + segment + "&csmId=" + run + "-a").body();
    assertThat(other.get("red").asInt() + other.get("green").asInt() + other.get("unscored").asInt()).isZero();
    assertThat(manager.get("/api/health/summary?segment=" + segment + "&csmId=" + run + "-b").body().get("red").asInt())
        .isEqualTo(1);

    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = manager.get("/api/health/summary?limit=1&segment=" + segment
          + (cursor == null ? "" : "&cursor=" + cursor)).body();
      page.get("atRisk").forEach(r -> walked.add(r.get("customerId").asText()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    assertThat(walked).containsExactly(id("stopped"), id("stopped2"));
  }

  @Test
  void givenAnotherCsmsCustomer_itsHealthIsNotFound() {
    assertThat(csmB.get("/api/customers/" + id("steady") + "/health").status()).isEqualTo(404);
    assertThat(csmB.post("/api/customers/" + id("steady") + "/health", Map.of()).status()).isEqualTo(404);
  }

  @Test
  void givenBadAccountFactsOrParameters_theAnswerIs400NamingTheField_andNothingChanges() {
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("seats", -1)), "seats");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("seats", 10_000_001)), "seats");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("seats", "many")), "seats");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("plan", "  ")), "plan");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("startDate", "1999-12-31")), "startDate");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("renewalDate", "2027-13-01")), "renewalDate");
    assertBadRequest(admin.put("/api/customers/" + id("steady"), with("renewalDate", "2024-01-01")), "renewalDate");
    assertThat(admin.get("/api/customers/" + id("steady")).body().get("seats").asInt()).isEqualTo(25);
    assertThat(admin.get("/api/customers/" + id("steady")).body().get("renewalDate").asText()).isEqualTo("2027-01-15");

    assertBadRequest(admin.get("/api/customers/" + id("steady") + "/health?days=0"), "days");
    assertBadRequest(admin.get("/api/customers/" + id("steady") + "/health?days=366"), "days");
    assertBadRequest(admin.get("/api/health/summary?limit=0"), "limit");
    assertBadRequest(admin.get("/api/health/summary?cursor=bogus"), "cursor");
    assertBadRequest(admin.get("/api/health/summary?csmId=a%20b"), "csmId");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void assertBadRequest(Api.Response response, String field) {
    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    assertThat(response.body().get("errors")).extracting(e -> e.get("field").asText()).anyMatch(f -> f.endsWith(field));
  }

  private Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = customerBody("steady", run + "-a", 300_000);
    body.put(field, value);
    return body;
  }

  private String id(String name) {
    return run + "-" + name;
  }

  private void customer(String name, String csmId, int arr) {
    Map<String, Object> body = customerBody(name, csmId, arr);
    if (name.equals("quiet")) {
      body.remove("seats");
    }
    Api.Response put = admin.put("/api/customers/" + id(name), body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  private Map<String, Object> customerBody(String name, String csmId, int arr) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "Health " + name);
    body.put("arr", arr);
    // voiced keeps to a segment of its own, so the summary's counts and the segment medians stay as they were
    body.put("segment", name.equals("voiced") ? segment + "-voiced" : segment);
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Hale Champion");
    body.put("championEmail", "hale@" + name + ".example.com");
    body.put("seats", 25);
    body.put("plan", "enterprise");
    body.put("startDate", "2025-01-15");
    body.put("renewalDate", "2027-01-15");
    return body;
  }

  private void usage(String name, java.util.function.ToDoubleFunction<LocalDate> users) {
    Scenarios.ingestWeekdays(admin, id(name), AS_OF.minusDays(45), AS_OF, users);
    Api.Response calculated = admin.post("/api/v1/usage/calculate-metrics", Map.of("customerId", id(name), "period",
        "monthly", "from", AS_OF.minusDays(45).toString(), "to", AS_OF.toString()));
    assertThat(calculated.status()).isEqualTo(200);
  }

  private Map<String, Object> csat(String responseId, LocalDate day) {
    return Map.of("responseId", run + "-" + responseId, "customerId", id("voiced"), "contactEmail", "pat@example.com",
        "type", "csat", "score", 3, "respondedAt", day + "T12:00:00Z");
  }
}
