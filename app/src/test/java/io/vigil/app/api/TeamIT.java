package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Rows;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.RiskSignalRepository;
import io.vigil.infra.persistence.Sql;
import io.vigil.infra.persistence.TaskRepository;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The team page's figures (issue 11): each CSM's book by band, ARR at risk, open alerts, time from
 * alert to first action, pending approvals and tasks; a manager sees the team, a CSM only themselves.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamIT implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  @Inject RiskSignalRepository riskSignals;
  @Inject TaskRepository tasks;
  @Inject Sql sql;

  private Api admin;
  private Api manager;
  private Api csmA;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenATeamOfTwoCsmsAndAnotherCsm() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "tm-mgr", "manager", null);
    Scenarios.putUser(admin, "tm-csm-a", "csm", "tm-mgr");
    Scenarios.putUser(admin, "tm-csm-b", "csm", "tm-mgr");
    Scenarios.putUser(admin, "tm-csm-other", "csm", null);
    Scenarios.putCustomer(admin, "tm-a-red", "Redco", "tm-csm-a");
    Scenarios.putCustomer(admin, "tm-a-yellow-down", "Slipco", "tm-csm-a");
    Scenarios.putCustomer(admin, "tm-a-green", "Greenco", "tm-csm-a");
    Scenarios.putCustomer(admin, "tm-b-yellow", "Steadyco", "tm-csm-b");
    Scenarios.putCustomer(admin, "tm-other", "Elsewhereco", "tm-csm-other");
    Rows.band(sql, "tm-a-red", "red", null, "stable");
    Rows.band(sql, "tm-a-yellow-down", "yellow", null, "declining");
    Rows.band(sql, "tm-a-green", "green", null, "improving");
    Rows.band(sql, "tm-b-yellow", "yellow", null, "stable");
    manager = Scenarios.signedInAs(admin, "tm-mgr");
    csmA = Scenarios.signedInAs(admin, "tm-csm-a");

    Instant now = Instant.now();
    long fast = signal("tm-a-red", now.minus(Duration.ofHours(5)));
    long slow = signal("tm-a-red", now.minus(Duration.ofHours(10)));
    signal("tm-a-green", now.minus(Duration.ofHours(1)));
    signal("tm-a-green", now.minus(Duration.ofDays(40)));
    acknowledge(fast, now.minus(Duration.ofHours(4)));
    acknowledge(slow, now.minus(Duration.ofHours(5)));
    tasks.insertOnce("tm-" + UUID.randomUUID(), "Call Redco", null, "tm-csm-a", "tm-a-red", "high",
        now.minus(Duration.ofDays(1)), null);
    tasks.insertOnce("tm-" + UUID.randomUUID(), "Plan Slipco", null, "tm-csm-a", "tm-a-yellow-down", "medium",
        now.plus(Duration.ofDays(2)), null);
  }

  @Test
  void aManagerSeesEachCsmOfTheTeam_withTheBookAlertsAndTimeToFirstAction() {
    JsonNode team = manager.get("/api/insights/team").body();
    List<String> ids = members(team).stream().map(m -> m.get("csmId").asText()).toList();
    assertThat(ids).contains("tm-csm-a", "tm-csm-b").doesNotContain("tm-csm-other");
    JsonNode a = member(team, "tm-csm-a");
    assertThat(a.get("customers").asInt()).isEqualTo(3);
    assertThat(a.get("red").asInt()).isEqualTo(1);
    assertThat(a.get("yellow").asInt()).isEqualTo(1);
    assertThat(a.get("green").asInt()).isEqualTo(1);
    assertThat(a.get("atRisk").asInt()).isEqualTo(2);
    assertThat(a.get("arrAtRisk").decimalValue()).isEqualByComparingTo("240000");
    assertThat(a.get("openAlerts").asInt()).as("open now, whenever raised").isEqualTo(2);
    assertThat(a.get("acknowledgedAlerts").asInt()).isEqualTo(2);
    assertThat(a.get("raised").asInt()).as("in the last 30 days").isEqualTo(3);
    assertThat(a.get("medianMinutesToFirstAction").decimalValue()).as("60 and 300 minutes").isEqualByComparingTo("180.0");
    assertThat(a.get("actedWithinTwoHours").asInt()).isEqualTo(1);
    assertThat(a.get("openTasks").asInt()).isEqualTo(2);
    assertThat(a.get("overdueTasks").asInt()).isEqualTo(1);
    JsonNode b = member(team, "tm-csm-b");
    assertThat(b.get("atRisk").asInt()).isZero();
    assertThat(b.get("medianMinutesToFirstAction").isNull()).isTrue();
    assertThat(ids.indexOf("tm-csm-a")).as("most ARR at risk first").isLessThan(ids.indexOf("tm-csm-b"));
  }

  @Test
  void aCsmSeesOnlyThemselves_anAdminEveryone_andBadWindowsAre400() {
    assertThat(members(csmA.get("/api/insights/team").body())).extracting(m -> m.get("csmId").asText())
        .containsExactly("tm-csm-a");
    assertThat(members(admin.get("/api/insights/team").body())).extracting(m -> m.get("csmId").asText())
        .contains("tm-csm-a", "tm-csm-b", "tm-csm-other");
    assertThat(csmA.get("/api/insights/team?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z").status()).isEqualTo(400);
    assertThat(csmA.get("/api/insights/team?from=yesterday").status()).isEqualTo(400);
  }

  private static List<JsonNode> members(JsonNode team) {
    return StreamSupport.stream(team.get("members").spliterator(), false).toList();
  }

  private static JsonNode member(JsonNode team, String id) {
    return members(team).stream().filter(m -> id.equals(m.get("csmId").asText())).findFirst().orElseThrow();
  }

  private long signal(String customerId, Instant createdAt) {
    long id = riskSignals.insertOnce("tm-" + UUID.randomUUID(), customerId, "usage_anomaly", "high", "{}");
    Rows.at(sql, "UPDATE risk_signals SET created_at = ? WHERE id = ?", createdAt, id);
    return id;
  }

  private void acknowledge(long id, Instant at) {
    Rows.at(sql, "UPDATE risk_signals SET status = 'acknowledged', owner_id = 'tm-csm-a', acknowledged_at = ? WHERE id = ?", at, id);
  }
}
