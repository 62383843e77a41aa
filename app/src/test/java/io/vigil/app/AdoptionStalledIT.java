package io.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The feature-adoption-stalled playbook through the HTTP API, on the real Temporal dev server and a
 * real PostgreSQL, Slack and Gmail played by WireMock. Feature and customer ids are unique per run:
 * the server and database are shared by every IT class in the JVM.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdoptionStalledIT implements TestPropertyProvider {
  /** A Wednesday in the past: the evaluated day. */
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;
  @Inject WorkflowClient temporal;

  private Api api;
  private FakeSlackAndGoogle fakes;
  private final String run = String.valueOf(System.nanoTime());
  private final String analytics = "analytics-" + run;
  private final String workflows = "workflows-" + run;
  private final String dashboards = "dashboards-" + run;

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
  void givenStalledFeatures_whenSyncedAndSwept_oneEnablementRunsAndItsApprovedEmailIsRecordedAsAnIntervention() {
    givenCatalog();
    String customer = givenCustomer("Techcorp");
    ingestUsage(customer);
    Api.Response activated = api.post("/api/customers/" + customer + "/feature-adoption/" + workflows + "/activate",
        Map.of("activatedAt", AS_OF.minusDays(20).atTime(12, 0).toInstant(ZoneOffset.UTC).toString()));
    assertThat(activated.status()).as(activated.body().toString()).isEqualTo(200);
    assertThat(activated.body().get("activationSource").asText()).isEqualTo("explicit");

    JsonNode synced = api.post("/api/feature-adoption/sync", Map.of("customerId", customer, "asOf", AS_OF.toString())).body();
    assertThat(synced.get("from").asText()).isEqualTo(AS_OF.minusDays(35).toString());
    assertThat(synced.get("features").asInt()).isEqualTo(3);
    assertThat(synced.get("stalled").asInt()).isEqualTo(2);

    JsonNode adoption = api.get("/api/customers/" + customer + "/feature-adoption").body();
    assertThat(adoption.get("evaluatedOn").asText()).isEqualTo(AS_OF.toString());
    assertThat(adoption.get("features")).hasSize(3);
    JsonNode dash = Api.find(adoption.get("features"), "featureId", dashboards);
    assertThat(dash.get("stage").asText()).isEqualTo("adopted");
    assertThat(dash.get("isStalled").asBoolean()).isFalse();
    assertThat(dash.get("weeklyScores")).hasSizeGreaterThanOrEqualTo(4);
    JsonNode stalledAnalytics = Api.find(adoption.get("stalledFeatures"), "featureId", analytics);
    assertThat(stalledAnalytics.get("stage").asText()).isEqualTo("started");
    assertThat(stalledAnalytics.get("usageScore").asInt()).isZero();
    assertThat(stalledAnalytics.get("lastUsedAt").asText()).startsWith(AS_OF.minusDays(34).toString());
    assertThat(Api.find(adoption.get("stalledFeatures"), "featureId", workflows).get("daysInCurrentStage").asInt()).isEqualTo(20);
    assertThat(adoption.get("overallAdoptionScore").asInt()).isEqualTo(33);
    assertThat(adoption.get("recommendations").get(0).asText()).contains("Analytics " + run, "Analytics Overview");

    JsonNode resources = api.get("/api/features/" + analytics + "/resources").body();
    assertThat(resources.get("resources")).hasSize(3);
    assertThat(resources.get("suggestedOutreach").asText()).contains("\"Analytics Overview\"", "Feb 15, 2026");

    JsonNode sweep = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    assertThat(sweep.has("signals")).isTrue();
    JsonNode alert = sweep.at("/adoption/alerts/0");
    assertThat(sweep.at("/adoption/evaluated").asInt()).isEqualTo(1);
    assertThat(alert.get("suppressed").asBoolean()).isFalse();
    assertThat(alert.get("severity").asText()).isEqualTo("critical");
    assertThat(alert.get("workflowId").asText()).isEqualTo("adoption/" + customer);
    assertThat(alert.get("features")).extracting(f -> f.get("featureId").asText()).containsExactly(analytics, workflows);

    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.slackMessagesMentioning("Feature Adoption Stalled: Techcorp").isEmpty());
    assertThat(fakes.slackMessagesMentioning("Feature Adoption Stalled: Techcorp")).singleElement().asString()
        .contains("Feature: Analytics " + run, "Status: Started → Stalled (Day 35)", "Usage Score: 0/100 (Expected: 60+ by Day 30)",
            "Status: Not Started → Stalled (Day 20)", "ARR: $300,000", "Overall Adoption: 33%",
            "Feature importance: High (Analytics " + run + "), Medium (Workflows " + run + ")",
            "2 of 10 active users tried it", "No support ticket data.",
            "1. :video_camera: \"Analytics Overview\" (12 min)", "2. :page_facing_up: \"Quick Start Guide\"",
            "3. :calendar: Next live training: Feb 15, 2026", "Share Resources", "Draft Enablement Email");

    JsonNode approval = api.awaitPendingApproval(customer);
    assertThat(approval.get("kind").asText()).isEqualTo("adoption_enablement");
    assertThat(approval.get("to").asText()).isEqualTo("jordan@techcorp.example.com");
    assertThat(approval.get("subject").asText()).isEqualTo("Getting more value from Analytics " + run + " and Workflows " + run);
    assertThat(approval.get("body").asText()).startsWith("Hi Jordan Adopter,")
        .contains("These are powerful features that can help you spot trends before your customers do.",
            "- Analytics Overview: https://training.example.com/analytics", "Best,\nCasey Csm");

    JsonNode task = Api.find(api.get("/api/tasks?customerId=" + customer).body().get("items"), "title",
        "Enable Techcorp on Analytics " + run + " and Workflows " + run);
    assertThat(task.get("priority").asText()).isEqualTo("urgent");
    assertThat(Duration.between(Instant.parse(task.get("createdAt").asText()), Instant.parse(task.get("dueAt").asText())))
        .isBetween(Duration.ofHours(72).minusMinutes(1), Duration.ofHours(72).plusMinutes(1));
    JsonNode signal = api.get("/api/risk-signals?customerId=" + customer + "&type=adoption_stalled").body().get("items").get(0);
    assertThat(signal.get("severity").asText()).isEqualTo("critical");
    assertThat(signal.at("/metadata/features")).extracting(f -> f.get("featureId").asText() + ":" + f.get("stallReason").asText())
        .containsExactly(analytics + ":low_usage", workflows + ":low_usage");
    assertThat(signal.at("/metadata/features/0/expectedAdoptionDays").asInt()).isEqualTo(30);
    var attributes = temporal.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("adoption/" + customer)).build())
        .getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
    assertThat(attributes.get("Severity").getData().toStringUtf8()).contains("critical");
    assertThat(attributes.get("CustomerId").getData().toStringUtf8()).contains(customer);

    String id = approval.get("id").asText();
    assertThat(api.post("/api/approvals/" + id + "/approve", Map.of("approvedBy", "csm-" + customer)).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> !fakes.gmailMessagesMentioning("Analytics Overview: https://training").isEmpty());
    assertThat(fakes.gmailMessagesMentioning("Analytics Overview: https://training")).singleElement().asString()
        .contains("To: jordan@techcorp.example.com", "From: casey@example.com");
    await().atMost(Duration.ofSeconds(20)).until(() -> api.activityActions(customer).contains("intervention_recorded"));
    JsonNode after = api.get("/api/customers/" + customer + "/feature-adoption").body();
    assertThat(Api.find(after.get("features"), "featureId", analytics).get("interventionType").asText()).isEqualTo("email");
    assertThat(Api.find(after.get("features"), "featureId", workflows).get("interventionType").asText()).isEqualTo("email");
    assertThat(api.activityActions(customer)).contains("risk_signal_created", "trigger_fired", "adoption_gap_analysed", "csm_notified",
        "task_created", "email_drafted", "email_sent", "intervention_recorded");

    JsonNode again = api.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    JsonNode held = again.at("/adoption/alerts/0");
    assertThat(held.get("suppressed").asBoolean()).isTrue();
    assertThat(held.get("workflowId").isNull()).isTrue();
    assertThat(held.get("features")).allSatisfy(f -> assertThat(f.get("reason").asText()).contains("intervention (email)"));
    assertThat(api.get("/api/risk-signals?customerId=" + customer + "&type=adoption_stalled").body().get("items")).hasSize(1);
    assertThat(fakes.slackMessagesMentioning("Feature Adoption Stalled: Techcorp")).hasSize(1);

    JsonNode report = api.get("/api/reports/adoption?from=" + AS_OF.minusDays(30) + "&to=" + AS_OF).body();
    assertThat(Api.find(report.get("features"), "featureId", analytics).get("customersStalled").asInt()).isEqualTo(1);
    assertThat(Api.find(report.get("segments"), "featureId", workflows).get("segment").asText()).isEqualTo("enterprise");
  }

  @Test
  void givenAManualIntervention_itIsRecordedAndBadInputIsRejectedFieldByFieldStoringNothing() {
    givenCatalog();
    String customer = givenCustomer("Manualco");
    api.post("/api/customers/" + customer + "/feature-adoption/" + analytics + "/activate", Map.of());
    String adoptionId = api.get("/api/customers/" + customer + "/feature-adoption").body().at("/features/0/id").asText();

    Api.Response recorded = api.post("/api/feature-adoption/" + adoptionId + "/intervention", Map.of(
        "interventionType", "training", "details", "45-minute admin training", "resourcesShared",
        List.of("https://training.example.com/analytics")));
    assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
    assertThat(recorded.body().get("interventionType").asText()).isEqualTo("training");
    assertThat(recorded.body().get("scoreBefore").asInt()).isZero();
    assertThat(recorded.body().get("resourcesShared").get(0).asText()).isEqualTo("https://training.example.com/analytics");
    assertThat(api.get("/api/customers/" + customer + "/feature-adoption").body().at("/features/0/interventionType").asText())
        .isEqualTo("training");

    Api.Response bad = api.post("/api/feature-adoption/" + adoptionId + "/intervention",
        Map.of("interventionType", "carrier_pigeon", "resourcesShared", List.of("")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
        .containsExactlyInAnyOrder("interventionType", "details", "resourcesShared[0]");
    assertThat(api.post("/api/feature-adoption/00000000-0000-4000-8000-000000000000/intervention",
        Map.of("interventionType", "call", "details", "x")).status()).isEqualTo(404);

    String badFeature = "bad-" + run;
    Api.Response invalid = api.put("/api/features/" + badFeature, Map.of("featureName", "Bad", "importanceScore", 120,
        "targetShare", 2, "segmentBenchmarks", Map.of("smb", 0),
        "trainingResources", List.of(Map.of("type", "podcast", "title", "T", "url", "ftp://x"))));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactlyInAnyOrder(
        "importanceScore", "targetShare", "segmentBenchmarks.smb", "trainingResources[0].type", "trainingResources[0].url");
    assertThat(api.get("/api/features/" + badFeature).status()).isEqualTo(404);
    assertThat(api.post("/api/feature-adoption/sync", Map.of()).body().at("/errors/0/field").asText()).isEqualTo("customerId");
    assertThat(api.post("/api/feature-adoption/sync", Map.of("customerId", "nobody-" + run)).status()).isEqualTo(404);
    assertThat(api.get("/api/reports/adoption?from=yesterday").status()).isEqualTo(400);
  }

  // --- scenario helpers ------------------------------------------------------------------------

  private void givenCatalog() {
    putFeature(analytics, "Analytics " + run, 85, List.of(
        Map.of("type", "video", "title", "Analytics Overview", "url", "https://training.example.com/analytics",
            "durationMinutes", 12, "level", "beginner"),
        Map.of("type", "documentation", "title", "Quick Start Guide", "url", "https://docs.example.com/analytics"),
        Map.of("type", "webinar", "title", "Advanced Analytics Techniques", "url", "https://training.example.com/webinars/analytics",
            "nextSession", "2026-02-15T14:00:00Z")));
    putFeature(workflows, "Workflows " + run, 60, List.of(
        Map.of("type", "documentation", "title", "Workflow Recipes", "url", "https://docs.example.com/workflows")));
    putFeature(dashboards, "Dashboards " + run, 50, List.of());
  }

  private void putFeature(String id, String name, int importance, List<Map<String, Object>> resources) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("featureName", name);
    body.put("category", "insights");
    body.put("importanceScore", importance);
    body.put("expectedAdoptionDays", 30);
    body.put("trainingResources", resources);
    body.put("keyBenefit", "spot trends before your customers do");
    body.put("tips", "start from a template");
    Api.Response put = api.put("/api/features/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
    assertThat(put.body().get("trainingResources")).hasSize(resources.size());
  }

  private String givenCustomer(String name) {
    String customer = name.toLowerCase() + "-" + run;
    Api.Response user = api.put("/api/users/csm-" + customer, Map.of("name", "Casey Csm", "email", "casey@example.com",
        "role", "csm", "slackUserId", "U" + Math.abs(customer.hashCode())));
    assertThat(user.status()).isEqualTo(200);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("arr", 300000);
    body.put("segment", "enterprise");
    body.put("region", "na");
    body.put("csmId", "csm-" + customer);
    // a name of its own: WireMock is shared, and other ITs look for their emails by the champion's name
    body.put("championName", "Jordan Adopter");
    body.put("championEmail", "jordan@" + name.toLowerCase() + ".example.com");
    body.put("productName", name + " Cloud");
    assertThat(api.put("/api/customers/" + customer, body).status()).isEqualTo(200);
    return customer;
  }

  /**
   * 10 users log in every weekday; 8 of them use dashboards every weekday; two tried analytics 35
   * and 34 days before AS_OF and never again.
   */
  private void ingestUsage(String customer) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (LocalDate day = AS_OF.minusDays(35); !day.isAfter(AS_OF); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      for (int u = 0; u < 10; u++) {
        String at = day.atTime(9, u).toInstant(ZoneOffset.UTC).toString();
        events.add(event(customer, "user-" + u, "login", null, at));
        if (u < 8) {
          events.add(event(customer, "user-" + u, "feature_used", dashboards, at));
        }
      }
    }
    events.add(event(customer, "user-1", "feature_used", analytics, AS_OF.minusDays(35).atTime(11, 0).toInstant(ZoneOffset.UTC).toString()));
    events.add(event(customer, "user-2", "feature_used", analytics, AS_OF.minusDays(34).atTime(11, 0).toInstant(ZoneOffset.UTC).toString()));
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
  }

  private static Map<String, Object> event(String customer, String user, String type, String feature, String at) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", customer + "-" + user + "-" + type + "-" + feature + "-" + at);
    event.put("customerId", customer);
    event.put("userId", user);
    event.put("eventType", type);
    if (feature != null) {
      event.put("featureId", feature);
    }
    event.put("occurredAt", at);
    return event;
  }



}
