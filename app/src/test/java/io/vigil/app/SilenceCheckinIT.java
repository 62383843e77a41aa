package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.activities.silence.SilenceCheckinTrigger;
import io.vigil.infra.persistence.DailyHealth;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Touchpoints and the check-in after silence through HTTP on the dev server: the trigger the health
 * sweep runs after a page, given the page's yellow days, drafts a check-in for the silent customer
 * only; approving it sends once; a touchpoint recorded while another waits withdraws it; the API's
 * 400s, 404s and 409s change nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilenceCheckinIT implements TestPropertyProvider {
  private final String run = "s" + System.nanoTime();

  @Inject EmbeddedServer server;
  @Inject SilenceCheckinTrigger trigger;

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
    csm = Scenarios.signedInAs(admin, run + "-a");
    otherCsm = Scenarios.signedInAs(admin, run + "-b");
  }

  @Test
  void givenASilentYellowCustomer_aCheckInIsDraftedWithTalkingPoints_andApprovingItSendsOnce() {
    String silent = run + "-silent";
    String recent = run + "-recent";
    Scenarios.putCustomer(admin, silent, "Hushco " + run, run + "-a");
    Scenarios.putCustomer(admin, recent, "Chatty " + run, run + "-a");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    // the silent customer's last call was 30 days before the day scored, the other's 29
    LocalDate asOf = today.minusDays(1);
    touchpoint(csm, silent, asOf.minusDays(30).atTime(15, 0).toInstant(ZoneOffset.UTC), null);
    touchpoint(csm, recent, asOf.minusDays(29).atTime(15, 0).toInstant(ZoneOffset.UTC), null);

    int started = trigger.dispatch(asOf, List.of(yellow(silent, asOf), yellow(recent, asOf)));
    int again = trigger.dispatch(asOf, List.of(yellow(silent, asOf), yellow(recent, asOf)));

    assertThat(started).isEqualTo(1);
    assertThat(again).as("a retried page starts nothing twice").isZero();
    JsonNode approval = csm.awaitPendingApproval(silent);
    assertThat(approval.get("kind").asText()).isEqualTo("silence_checkin");
    assertThat(csm.get("/api/approvals?status=pending&customerId=" + recent).body().get("items")).isEmpty();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !fakes.slackPostsMentioning("Hushco " + run).isEmpty());
    // the DM's line is written after Slack answered: wait for it rather than race it
    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(csm.activityActions(silent)).contains("silence_detected", "email_drafted", "csm_notified"));

    String id = approval.get("id").asText();
    Api.Response approved = csm.post("/api/approvals/" + id + "/approve", Map.of());
    Api.Response twice = csm.post("/api/approvals/" + id + "/approve", Map.of());

    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
    assertThat(twice.status()).isEqualTo(409);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> csm.activityActions(silent).contains("email_sent"));
    assertThat(fakes.gmailMessagesMentioning("Checking in from")).isNotEmpty();
    assertThat(csm.activityActions(silent).stream().filter("email_sent"::equals)).hasSize(1);
  }

  @Test
  void givenATouchpointWhileTheCheckInWaits_theDraftIsWithdrawnAndCannotBeApproved() {
    String silent = run + "-quiet";
    Scenarios.putCustomer(admin, silent, "Quietly " + run, run + "-a");
    LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    touchpoint(csm, silent, asOf.minusDays(45).atStartOfDay().toInstant(ZoneOffset.UTC), null);
    assertThat(trigger.dispatch(asOf, List.of(yellow(silent, asOf)))).isEqualTo(1);
    String id = csm.awaitPendingApproval(silent).get("id").asText();

    touchpoint(csm, silent, Instant.now().minusSeconds(60), null);

    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> "withdrawn".equals(csm.get("/api/approvals/" + id).body().path("status").asText()));
    assertThat(csm.post("/api/approvals/" + id + "/approve", Map.of()).status()).isEqualTo(409);
    assertThat(csm.activityActions(silent)).contains("approval_withdrawn").doesNotContain("email_sent");
  }

  @Test
  void givenTouchpoints_theyAreListedNewestFirstAPageAtATime_andAnIdempotencyKeyStoresOnce() {
    String customer = run + "-tp";
    Scenarios.putCustomer(admin, customer, "Touchy " + run, run + "-a");
    Instant first = Instant.parse("2026-10-01T10:00:00Z");
    Api.Response created = touchpoint(csm, customer, first, "key-1");
    Api.Response repeated = touchpoint(csm, customer, first, "key-1");
    Map<String, Object> other = body("meeting", first.toString(), "Robin", "another");
    Api.Response reused = csm.postRaw("/api/customers/" + customer + "/touchpoints", json(other), Map.of("Idempotency-Key", "key-1"));
    touchpoint(csm, customer, first.plusSeconds(3600), null);
    touchpoint(csm, customer, first.plusSeconds(7200), null);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().get("recordedBy").asText()).isEqualTo(run + "-a");
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.body().get("id")).isEqualTo(created.body().get("id"));
    assertThat(reused.status()).isEqualTo(409);
    JsonNode page = csm.get("/api/customers/" + customer + "/touchpoints?limit=2").body();
    assertThat(page.get("items")).hasSize(2);
    assertThat(page.get("items").get(0).get("at").asText()).isEqualTo("2026-10-01T12:00:00Z");
    JsonNode next = csm.get("/api/customers/" + customer + "/touchpoints?limit=2&cursor=" + page.get("nextCursor").asText()).body();
    assertThat(next.get("items")).hasSize(1);
    assertThat(next.get("items").get(0).get("id")).isEqualTo(created.body().get("id"));
    assertThat(next.get("nextCursor").isNull()).isTrue();
    assertThat(otherCsm.get("/api/customers/" + customer + "/touchpoints").status()).isEqualTo(404);
    assertThat(otherCsm.post("/api/customers/" + customer + "/touchpoints", body("call", first.toString(), "x", "y")).status())
        .isEqualTo(404);
    assertThat(csm.post("/api/customers/" + run + "-nobody/touchpoints", body("call", first.toString(), "x", "y")).status())
        .isEqualTo(404);
  }

  @Test
  void givenBadTouchpoints_eachIsA400ThatNamesTheFieldAndStoresNothing() {
    String customer = run + "-bad";
    Scenarios.putCustomer(admin, customer, "Baddie " + run, run + "-a");
    String now = Instant.now().toString();
    List<Map<String, Object>> bad = List.of(
        body("visit", now, "Robin", "s"),
        body("call", "yesterday", "Robin", "s"),
        body("call", Instant.now().plus(Duration.ofDays(2)).toString(), "Robin", "s"),
        body("call", now, " ", "s"),
        body("call", now, "Robin", ""),
        body("call", now, "Robin", "x".repeat(10_001)));
    List<String> fields = List.of("type", "at", "at", "by", "summary", "summary");
    for (int i = 0; i < bad.size(); i++) {
      Api.Response answer = csm.post("/api/customers/" + customer + "/touchpoints", bad.get(i));
      assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
      assertThat(answer.body().toString()).contains(fields.get(i));
    }
    Api.Response badKey = csm.postRaw("/api/customers/" + customer + "/touchpoints", json(body("call", now, "R", "s")),
        Map.of("Idempotency-Key", "no spaces allowed"));
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(csm.postRaw("/api/customers/" + customer + "/touchpoints", "{\"type\":", Map.of()).status()).isEqualTo(400);
    assertThat(csm.get("/api/customers/" + customer + "/touchpoints?limit=0").status()).isEqualTo(400);
    assertThat(csm.get("/api/customers/" + customer + "/touchpoints?cursor=bogus").status()).isEqualTo(400);
    assertThat(csm.get("/api/customers/" + customer + "/touchpoints").body().get("items")).isEmpty();
  }

  private Api.Response touchpoint(Api api, String customer, Instant at, String key) {
    Map<String, Object> body = body("call", at.toString(), "Robin", "Quarterly review");
    Api.Response answer = key == null ? api.post("/api/customers/" + customer + "/touchpoints", body)
        : api.postRaw("/api/customers/" + customer + "/touchpoints", json(body), Map.of("Idempotency-Key", key));
    assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
    return answer;
  }

  private static Map<String, Object> body(String type, String at, String by, String summary) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("at", at);
    body.put("by", by);
    body.put("summary", summary);
    return body;
  }

  private static String json(Object body) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The customer's stored day as the sweep hands it to the triggers: yellow, 64. */
  private static DailyHealth yellow(String customerId, LocalDate asOf) {
    return new DailyHealth(customerId, asOf, 64, "yellow", "stable", null, null, null, "{}", List.of(), null, null);
  }
}
