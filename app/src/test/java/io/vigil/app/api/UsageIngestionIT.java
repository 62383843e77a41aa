package io.vigil.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/v1/usage/events} as NDJSON beside the JSON object, and batches over several days. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageIngestionIT implements TestPropertyProvider {
  private static final Map<String, String> NDJSON = Map.of("Content-Type", "application/x-ndjson");

  @Inject EmbeddedServer server;
  private Api api;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenACustomer() {
    api = new Api(server.getURL().toString());
    Scenarios.putUser(api, "ingest-csm", "csm", null);
    Scenarios.putCustomer(api, "ingest-co", "Ingest Co", "ingest-csm");
  }

  @Test
  void givenNdjson_eachLineIsAnEvent_andAnIdSeenBeforeOnAnyDayIsADuplicate() {
    Api.Response first = api.postRaw("/api/v1/usage/events", lines(
        login("nd-1", "2026-11-02T10:00:00Z"), login("nd-2", "2026-11-03T10:00:00Z"), login("nd-1", "2026-11-02T10:00:00Z")),
        NDJSON);
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(counts(first.body())).containsExactly(2, 1);

    Api.Response again = api.post("/api/v1/usage/events", Map.of("events", List.of(
        Scenarios.event("ingest-co", "u1", "login", null, "2026-11-09T10:00:00Z", "nd-2"),
        Scenarios.event("ingest-co", "u1", "login", null, "2026-11-09T10:00:00Z", "nd-3"))));
    assertThat(counts(again.body())).containsExactly(1, 1);
  }

  @Test
  void givenNdjsonWithOneBadLine_theBatchIsRejectedWholeNamingTheLine() {
    Api.Response bad = api.postRaw("/api/v1/usage/events", lines(
        login("ndbad-1", "2026-11-02T10:00:00Z"),
        "{\"eventId\":\"ndbad-2\",\"customerId\":\"nobody\",\"userId\":\"u\",\"eventType\":\"login\",\"occurredAt\":\"2026-11-02T10:00:00Z\"}"),
        NDJSON);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("events[1].customerId");

    Api.Response mistyped = api.postRaw("/api/v1/usage/events", lines(login("ndbad-1", "2026-11-02T10:00:00Z"),
        "{\"eventId\":\"ndbad-3\",\"customerId\":\"ingest-co\",\"userId\":[1],\"eventType\":\"login\",\"occurredAt\":\"x\"}"),
        NDJSON);
    assertThat(mistyped.status()).isEqualTo(400);
    assertThat(mistyped.body().get("errors")).extracting(e -> e.get("field").asText()).allMatch(f -> f.startsWith("events[1]."));

    assertThat(api.postRaw("/api/v1/usage/events", "{\"eventId\": ", NDJSON).status()).isEqualTo(400);
    assertThat(api.postRaw("/api/v1/usage/events", "", NDJSON).status()).isEqualTo(400);
    Api.Response nothingStored = api.postRaw("/api/v1/usage/events", lines(login("ndbad-1", "2026-11-02T10:00:00Z")), NDJSON);
    assertThat(counts(nothingStored.body())).containsExactly(1, 0);
  }

  @Test
  void givenMoreThanABatchOfLines_itIsA400() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i <= 10_000; i++) {
      body.append(login("ndmax-" + i, "2026-11-02T10:00:00Z")).append('\n');
    }
    Api.Response response = api.postRaw("/api/v1/usage/events", body.toString(), NDJSON);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().get("errors").get(0).get("field").asText()).isEqualTo("events");
  }

  private static String login(String id, String at) {
    return "{\"eventId\":\"" + id + "\",\"customerId\":\"ingest-co\",\"userId\":\"u1\",\"eventType\":\"login\",\"occurredAt\":\""
        + at + "\"}";
  }

  private static String lines(String... events) {
    return String.join("\n", events) + "\n";
  }

  private static List<Integer> counts(JsonNode answer) {
    return List.of(answer.get("accepted").asInt(), answer.get("duplicates").asInt());
  }
}
