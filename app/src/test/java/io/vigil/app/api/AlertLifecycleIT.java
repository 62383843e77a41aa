package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.TaskRepository;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An alert's lifecycle through HTTP (issue 11): acknowledge, resolve with an outcome, dismiss as a false
 * positive with a reason; tasks completed; repeated moves change nothing, moves out of a final state
 * answer 409, bad input 400, other CSMs' alerts 404; dismissals counted per rule in alert-quality.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertLifecycleIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  @Inject RiskSignalRepository riskSignals;
  @Inject TaskRepository tasks;

  private Api csmA;
  private Api csmB;
  private Api manager;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenTwoCsmsAndTheirCustomers() {
    Api admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "al-mgr", "manager", null);
    Scenarios.putUser(admin, "al-csm-a", "csm", "al-mgr");
    Scenarios.putUser(admin, "al-csm-b", "csm", null);
    Scenarios.putCustomer(admin, "al-cust-a", "Alphaco", "al-csm-a");
    Scenarios.putCustomer(admin, "al-cust-b", "Betaco", "al-csm-b");
    csmA = Scenarios.signedInAs(admin, "al-csm-a");
    csmB = Scenarios.signedInAs(admin, "al-csm-b");
    manager = Scenarios.signedInAs(admin, "al-mgr");
  }

  private long signal(String customerId, String type, String triggerId) {
    String metadata = triggerId == null ? "{}" : "{\"triggerId\":\"" + triggerId + "\"}";
    return riskSignals.insertOnce("al-" + UUID.randomUUID(), customerId, type, "high", metadata);
  }

  private static String path(long id, String move) {
    return "/api/risk-signals/" + id + "/" + move;
  }

  @Test
  void anAcknowledgedAlertIsOwnedByWhoeverAcknowledgedItAndAcknowledgingAgainChangesNothing() {
    long id = signal("al-cust-a", "usage_drop", "trg-ack");

    Api.Response first = csmA.post(path(id, "acknowledge"), null);
    Api.Response again = csmA.post(path(id, "acknowledge"), null);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().get("status").asText()).isEqualTo("acknowledged");
    assertThat(first.body().get("ownerId").asText()).isEqualTo("al-csm-a");
    assertThat(Instant.parse(first.body().get("acknowledgedAt").asText())).isBeforeOrEqualTo(Instant.now());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("acknowledgedAt")).isEqualTo(first.body().get("acknowledgedAt"));
  }

  @Test
  void aResolvedAlertIsFinal_theSameOutcomeAgainIsFine_anythingElseIsAConflict() {
    long id = signal("al-cust-a", "usage_drop", "trg-resolve");
    csmA.post(path(id, "acknowledge"), null);

    Api.Response resolved = csmA.post(path(id, "resolve"), Map.of("outcome", "  call held, usage back next week "));
    Api.Response sameAgain = csmA.post(path(id, "resolve"), Map.of("outcome", "call held, usage back next week"));
    Api.Response otherOutcome = csmA.post(path(id, "resolve"), Map.of("outcome", "something else"));
    Api.Response dismissed = manager.post(path(id, "dismiss"), Map.of("reason", "holiday"));
    Api.Response acknowledged = csmA.post(path(id, "acknowledge"), null);

    assertThat(resolved.status()).isEqualTo(200);
    assertThat(resolved.body().get("status").asText()).isEqualTo("resolved");
    assertThat(resolved.body().get("outcome").asText()).isEqualTo("call held, usage back next week");
    assertThat(resolved.body().get("closedBy").asText()).isEqualTo("al-csm-a");
    assertThat(sameAgain.status()).isEqualTo(200);
    assertThat(sameAgain.body().get("closedAt")).isEqualTo(resolved.body().get("closedAt"));
    for (Api.Response refused : new Api.Response[] {otherOutcome, dismissed, acknowledged}) {
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body().get("message").asText()).contains("resolved by al-csm-a").contains("final");
    }
    assertThat(statusOf(id)).isEqualTo("resolved");
  }

  @Test
  void dismissingAnOpenAlertNeedsAReasonAndMarksItsFirstAction() {
    long id = signal("al-cust-a", "usage_drop", "trg-dismiss");

    Api.Response noReason = csmA.post(path(id, "dismiss"), Map.of());
    Api.Response blankReason = csmA.post(path(id, "dismiss"), Map.of("reason", "   "));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.body().toString()).contains("reason");
    assertThat(blankReason.status()).isEqualTo(400);
    assertThat(statusOf(id)).isEqualTo("open");

    Api.Response dismissed = manager.post(path(id, "dismiss"), Map.of("reason", "Thanksgiving week, not a drop"));

    assertThat(dismissed.status()).isEqualTo(200);
    assertThat(dismissed.body().get("status").asText()).isEqualTo("dismissed");
    assertThat(dismissed.body().get("dismissReason").asText()).isEqualTo("Thanksgiving week, not a drop");
    assertThat(dismissed.body().get("ownerId").asText()).isEqualTo("al-mgr");
    assertThat(dismissed.body().get("acknowledgedAt").isNull()).isFalse();
  }

  @Test
  void anotherCsmsAlertIsNotFoundAndStaysAsItWas() {
    long id = signal("al-cust-a", "usage_drop", "trg-scope");

    assertThat(csmB.post(path(id, "acknowledge"), null).status()).isEqualTo(404);
    assertThat(csmB.post(path(id, "dismiss"), Map.of("reason", "not mine")).status()).isEqualTo(404);
    assertThat(csmA.post("/api/risk-signals/999999999/acknowledge", null).status()).isEqualTo(404);
    Api.Response badId = csmA.post("/api/risk-signals/abc/acknowledge", null);
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.body().toString()).contains("must be a number");
    assertThat(statusOf(id)).isEqualTo("open");
  }

  @Test
  void theListFiltersByStatus() {
    long open = signal("al-cust-b", "adoption_stalled", null);
    long dismissed = signal("al-cust-b", "adoption_stalled", null);
    csmB.post(path(dismissed, "dismiss"), Map.of("reason", "pilot team only"));

    JsonNode onlyDismissed = csmB.get("/api/risk-signals?customerId=al-cust-b&status=dismissed").body().get("items");
    JsonNode onlyOpen = csmB.get("/api/risk-signals?customerId=al-cust-b&status=open").body().get("items");

    assertThat(onlyDismissed.findValuesAsText("id")).containsExactly(String.valueOf(dismissed));
    assertThat(onlyOpen.findValuesAsText("id")).containsExactly(String.valueOf(open));
    assertThat(csmB.get("/api/risk-signals?status=closed").status()).isEqualTo(400);
  }

  @Test
  void aTaskIsCompletedOnce_byItsAssigneeOrWhoeverOwnsTheCustomer() {
    long id = tasks.insertOnce("al-task-" + UUID.randomUUID(), "Call Alphaco", null, "al-csm-a", "al-cust-a", "high",
        Instant.now().plusSeconds(86_400), null);

    Api.Response stranger = csmB.post("/api/tasks/" + id + "/complete", null);
    Api.Response done = csmA.post("/api/tasks/" + id + "/complete", null);
    Api.Response again = manager.post("/api/tasks/" + id + "/complete", null);

    assertThat(stranger.status()).isEqualTo(404);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body().get("status").asText()).isEqualTo("done");
    assertThat(done.body().get("completedBy").asText()).isEqualTo("al-csm-a");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().get("completedBy").asText()).isEqualTo("al-csm-a");
    assertThat(again.body().get("completedAt")).isEqualTo(done.body().get("completedAt"));
  }

  @Test
  void alertQualityCountsDismissalsPerRuleForTheCallersCustomersOnly() {
    String rule = "trg-quality-" + UUID.randomUUID();
    long[] ids = {signal("al-cust-a", "usage_drop", rule), signal("al-cust-a", "usage_drop", rule),
        signal("al-cust-a", "usage_drop", rule), signal("al-cust-a", "usage_drop", rule)};
    csmA.post(path(ids[0], "resolve"), Map.of("outcome", "saved"));
    csmA.post(path(ids[1], "resolve"), Map.of("outcome", "saved"));
    csmA.post(path(ids[2], "dismiss"), Map.of("reason", "holiday"));

    JsonNode mine = find(csmA.get("/api/insights/alert-quality").body().get("rules"), rule);
    JsonNode others = find(csmB.get("/api/insights/alert-quality").body().get("rules"), rule);

    assertThat(mine.get("type").asText()).isEqualTo("usage_drop");
    assertThat(mine.get("alerts").asInt()).isEqualTo(4);
    assertThat(mine.get("open").asInt()).isEqualTo(1);
    assertThat(mine.get("resolved").asInt()).isEqualTo(2);
    assertThat(mine.get("dismissed").asInt()).isEqualTo(1);
    assertThat(mine.get("accuracy").decimalValue()).isEqualByComparingTo("0.667");
    assertThat(mine.get("actedWithinTwoHours").asInt()).isEqualTo(3);
    assertThat(mine.get("medianMinutesToFirstAction").decimalValue()).isBetween(
        java.math.BigDecimal.ZERO, java.math.BigDecimal.valueOf(120));
    assertThat(others).isNull();
    assertThat(csmA.get("/api/insights/alert-quality?from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z").status())
        .isEqualTo(400);
    assertThat(csmA.get("/api/insights/alert-quality?from=yesterday").status()).isEqualTo(400);
  }

  private static JsonNode find(JsonNode rules, String triggerId) {
    for (JsonNode rule : rules) {
      if (triggerId.equals(rule.path("triggerId").asText(null))) {
        return rule;
      }
    }
    return null;
  }

  private String statusOf(long id) {
    JsonNode items = csmA.get("/api/risk-signals?customerId=al-cust-a&limit=200").body().get("items");
    for (JsonNode item : items) {
      if (item.get("id").asLong() == id) {
        return item.get("status").asText();
      }
    }
    throw new AssertionError("risk signal " + id + " not listed");
  }
}
