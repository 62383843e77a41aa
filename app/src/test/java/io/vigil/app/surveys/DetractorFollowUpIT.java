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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A detractor's answer through HTTP on the application, the dev server and PostgreSQL: it starts one
 * follow-up (the CSM's DM with the comment, the task, the reply held for approval), posting it again
 * starts none, and a passive or an old answer starts nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetractorFollowUpIT implements TestPropertyProvider {
  private static final String RESPONSES = "/api/v1/surveys/responses";
  private final String run = "dt" + System.nanoTime();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void givenADetractorPostedTwice_oneFollowUpTellsTheCsmWithTheCommentAndHoldsAReplyToTheRespondent() {
    Api admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, run + "-csm", "csm", null);
    String customer = run + "-cust";
    Scenarios.putCustomer(admin, customer, "Detract " + run, run + "-csm");
    Instant answered = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> detractor = response(run + "-r1", customer, 2, answered, "Exports keep failing and nobody answers.");

    JsonNode first = admin.post(RESPONSES, Map.of("responses", List.of(detractor,
        response(run + "-r2", customer, 8, answered, null),
        response(run + "-r3", customer, 1, answered.minus(Duration.ofDays(45)), "old news")))).body();
    assertThat(first.get("followUpsStarted").asInt()).as(first.toString()).isEqualTo(1);
    detractor.put("comment", "Exports keep failing and nobody answers. Edited.");
    JsonNode again = admin.post(RESPONSES, Map.of("responses", List.of(detractor))).body();
    assertThat(again.get("updated").asInt()).isEqualTo(1);
    assertThat(again.get("followUpsStarted").asInt()).isZero();

    JsonNode approval = admin.awaitPendingApproval(customer);
    assertThat(approval.get("kind").asText()).isEqualTo("detractor_reply");
    assertThat(approval.get("to").asText()).isEqualTo("pat@respondent.example.com");
    assertThat(approval.get("workflowId").asText()).isEqualTo("detractor/" + run + "-r1");

    JsonNode dm = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
        () -> admin.get("/api/notifications?customerId=" + customer).body().path("items"), items -> items.size() == 1).get(0);
    assertThat(dm.get("text").asText()).contains("NPS 2/10", "Exports keep failing and nobody answers.");
    JsonNode tasks = admin.get("/api/tasks?customerId=" + customer).body().path("items");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("assigneeId").asText()).isEqualTo(run + "-csm");
    assertThat(tasks.get(0).get("priority").asText()).isEqualTo("high");
    Instant due = Instant.parse(tasks.get(0).get("dueAt").asText());
    assertThat(Duration.between(Instant.now(), due)).isBetween(Duration.ofDays(1), Duration.ofDays(5));
  }

  private static Map<String, Object> response(String id, String customer, int score, Instant at, String comment) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("responseId", id);
    r.put("customerId", customer);
    r.put("contactEmail", "pat@respondent.example.com");
    r.put("type", "nps");
    r.put("score", score);
    r.put("respondedAt", at.toString());
    if (comment != null) {
      r.put("comment", comment);
    }
    return r;
  }
}
