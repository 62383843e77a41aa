package io.vigil.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.Sql;
import io.vigil.workflows.common.TaskQueues;
import io.vigil.workflows.report.IsoWeek;
import io.vigil.workflows.report.WeeklyReportResult;
import io.vigil.workflows.report.WeeklyReportWorkflow;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reports on the dev server: the weekly workflow of last week run twice delivers once to the
 * report channel and once to each manager, the API answers the stored content, who may ask and what
 * a bad week answers; the onboarding report over each caller's customers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsIT implements TestPropertyProvider {
  static final String CHANNEL = "C0WEEKLYREPORT";
  private final String run = "wr" + System.nanoTime();
  /** Last week: begun, and no other test stores it or runs its schedule. */
  private final IsoWeek week = IsoWeek.of(LocalDate.now(ZoneOffset.UTC)).previous();

  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;
  @Inject Sql sql;

  private Api admin;
  private Api manager;
  private Api csm;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
    properties.put("vigil.report.channel", CHANNEL);
    return properties;
  }

  @BeforeAll
  void givenAManagerAndACsm() {
    admin = new Api(server.getURL().toString());
    new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    Scenarios.putUser(admin, run + "-mgr", "manager", null);
    Scenarios.putUser(admin, run + "-csm", "csm", run + "-mgr");
    Scenarios.putUser(admin, run + "-csm2", "csm", run + "-mgr");
    Scenarios.putCustomer(admin, run + "-acme", "Acme " + run, run + "-csm");
    Scenarios.putCustomer(admin, run + "-globex", "Globex " + run, run + "-csm2");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    startedOn(run + "-acme", "Acme " + run, run + "-csm", today.minusDays(3));
    startedOn(run + "-globex", "Globex " + run, run + "-csm2", today.minusDays(40));
    manager = admin.as(token(run + "-mgr"));
    csm = admin.as(token(run + "-csm"));
  }

  /** The customer as Scenarios puts it, with a start date. */
  private void startedOn(String id, String name, String csmId, LocalDate start) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("arr", 120000);
    body.put("segment", "enterprise");
    body.put("region", "na");
    body.put("csmId", csmId);
    body.put("championName", "Dana Champion");
    body.put("championEmail", "dana@" + id + ".example.com");
    body.put("startDate", start.toString());
    Api.Response put = admin.put("/api/customers/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  @Test
  void givenACustomerThreeDaysIn_itIsOnboardingForItsCsmAndManager_andOneFortyDaysIn_isNot() {
    Api.Response own = csm.get("/api/reports/onboarding");
    assertThat(own.status()).as(own.body().toString()).isEqualTo(200);
    assertThat(own.body().get("customers")).extracting(c -> c.get("customerId").asText()).containsExactly(run + "-acme");
    JsonNode acme = own.body().at("/customers/0");
    assertThat(acme.get("daysInOnboarding").asInt()).isEqualTo(3);
    assertThat(acme.at("/dropOff/step").asText()).isEqualTo("NO_LOGIN");
    assertThat(acme.get("timeToFirstValueDays").isNull()).isTrue();
    assertThat(own.body().at("/summary/customers").asInt()).isEqualTo(1);

    JsonNode team = manager.get("/api/reports/onboarding").body();
    assertThat(team.get("customers")).extracting(c -> c.get("customerId").asText()).contains(run + "-acme")
        .doesNotContain(run + "-globex");
  }

  @Test
  void givenTheWeeksReportRunTwice_itIsDeliveredOncePerRecipient_andTheApiAnswersWhatWasDelivered() {
    WeeklyReportResult first = runReport();
    WeeklyReportResult second = runReport();

    List<Map<String, String>> deliveries = deliveries(WeeklyReportWorkflow.workflowId(week));
    assertThat(deliveries).extracting(d -> d.get("recipient")).doesNotHaveDuplicates()
        .contains(CHANNEL, run + "-mgr@example.com");
    assertThat(first.sent() + first.recorded()).isEqualTo(deliveries.size());
    assertThat(second.sent() + second.recorded()).as("the second run finds every delivery done")
        .isEqualTo(deliveries.size());
    Map<String, String> slack = deliveries.stream().filter(d -> d.get("recipient").equals(CHANNEL)).findFirst().orElseThrow();
    Map<String, String> email = deliveries.stream()
        .filter(d -> d.get("recipient").equals(run + "-mgr@example.com")).findFirst().orElseThrow();
    assertThat(slack.get("channel")).isEqualTo("slack");
    assertThat(slack.get("text")).startsWith("*Customer health weekly report " + week);
    assertThat(email.get("channel")).isEqualTo("email");
    assertThat(email.get("subject")).isEqualTo("Weekly customer health report " + week);
    assertThat(email.get("text")).startsWith("Customer health weekly report " + week).doesNotContain("*", "•");

    Api.Response report = manager.get("/api/reports/weekly?week=" + week);
    assertThat(report.status()).as(report.body().toString()).isEqualTo(200);
    JsonNode body = report.body();
    assertThat(body.get("week").asText()).isEqualTo(week.toString());
    assertThat(body.get("stored").asBoolean()).isTrue();
    assertThat(body.get("from").asText()).isEqualTo(week.monday().toString());
    assertThat(body.get("sections").fieldNames()).toIterable()
        .containsExactly("health", "atRisk", "churnRisks", "expansionOpportunities", "tickets", "ticketThemes", "nps");
    // the shared test database may have no health day in that week: the at-risk line is always there
    assertThat(email.get("text")).contains("AT-RISK CUSTOMERS REQUIRING ACTION: " + body.at("/sections/atRisk/total").asInt()
        + " (");
    assertThat(admin.get("/api/reports/weekly?week=" + week).body()).isEqualTo(body);
  }

  @Test
  void givenACsmOrAMachine_theReportIsRefused_andWithoutACredentialUnauthorized() {
    assertThat(csm.get("/api/reports/weekly?week=" + week).status()).isEqualTo(403);
    assertThat(admin.anonymous().get("/api/reports/weekly?week=" + week).status()).isEqualTo(401);
  }

  @Test
  void givenAMalformedWeek_theAnswerIs400NamingTheWeek() {
    for (String bad : List.of("2026-W54", "2026-48", "abc", "2026-w48", "2025-W53")) {
      Api.Response answer = manager.get("/api/reports/weekly?week=" + bad);
      assertThat(answer.status()).as(bad).isEqualTo(400);
      assertThat(answer.body().at("/errors/0/field").asText()).as(bad).isEqualTo("week");
    }
  }

  @Test
  void givenAWeekNotBegunOrWithoutHealthScores_noReportIsFound() {
    assertThat(manager.get("/api/reports/weekly?week=2099-W01").status()).isEqualTo(404);
    assertThat(manager.get("/api/reports/weekly?week=2001-W10").status()).isEqualTo(404);
  }

  private WeeklyReportResult runReport() {
    WeeklyReportWorkflow report = temporal.newWorkflowStub(WeeklyReportWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WeeklyReportWorkflow.workflowId(week)).setTaskQueue(TaskQueues.PLAYBOOKS).build());
    return report.run(week.toString());
  }

  private List<Map<String, String>> deliveries(String workflowId) {
    return sql.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT channel, recipient, subject, text, status FROM notifications WHERE workflow_id = ? ORDER BY id")) {
        ps.setString(1, workflowId);
        List<Map<String, String>> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Map<String, String> row = new HashMap<>();
            for (String column : List.of("channel", "recipient", "subject", "text", "status")) {
              row.put(column, rs.getString(column));
            }
            rows.add(row);
          }
        }
        return rows;
      }
    });
  }

  private String token(String userId) {
    Api.Response issued = admin.post("/api/tokens", Map.of("name", "report " + userId, "userId", userId));
    assertThat(issued.status()).as(issued.body().toString()).isEqualTo(201);
    return issued.body().get("token").asText();
  }
}
