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
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Trigger rules edited, disabled and enabled by CS operations (issue 11, the rules page), with who
 * changed what: each change one history row with the rule as it was and became, a repeated change
 * none, bad input a 400 that changes nothing, and the sweep following the rule's state at its next run.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerRulesIT implements TestPropertyProvider {
  private static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  @Inject EmbeddedServer server;

  private Api admin;
  private Api manager;
  private Api csm;
  private final String segment = "rules-it-" + System.nanoTime();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @BeforeAll
  void givenAnAdminAManagerAndACsm() {
    admin = new Api(server.getURL().toString());
    Scenarios.putUser(admin, "tr-mgr", "manager", null);
    Scenarios.putUser(admin, "tr-csm", "csm", "tr-mgr");
    manager = Scenarios.signedInAs(admin, "tr-mgr");
    csm = Scenarios.signedInAs(admin, "tr-csm");
  }

  private static Map<String, Object> rule(String segment, double threshold, String severity) {
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("metricType", "dau");
    condition.put("threshold", threshold);
    if (severity != null) {
      condition.put("severity", severity);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "usage_drop");
    body.put("name", "DAU drop, " + segment);
    body.put("segment", segment);
    body.put("actions", List.of("slack_notify", "create_task"));
    body.put("condition", condition);
    return body;
  }

  private List<JsonNode> changes(String id) {
    Api.Response history = csm.get("/api/triggers/" + id + "/changes");
    assertThat(history.status()).as(history.body().toString()).isEqualTo(200);
    return StreamSupport.stream(history.body().spliterator(), false).toList();
  }

  @Test
  void eachEditAndDisableIsRecordedOnceWithWhoAndWhat_andBadEditsChangeNothing() {
    Api.Response created = admin.post("/api/triggers", rule(segment + "-a", 30, null));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(changes(id)).singleElement().satisfies(c -> {
      assertThat(c.get("change").asText()).isEqualTo("created");
      assertThat(c.get("before").isNull()).isTrue();
      assertThat(c.get("after").get("threshold").decimalValue()).isEqualByComparingTo("30");
    });

    Api.Response edited = admin.put("/api/triggers/" + id, rule(segment + "-a", 40, "high"));
    assertThat(edited.status()).as(edited.body().toString()).isEqualTo(200);
    assertThat(edited.body().get("condition").get("threshold").decimalValue()).isEqualByComparingTo("40");
    assertThat(edited.body().get("condition").get("severity").asText()).isEqualTo("high");
    assertThat(edited.body().get("updatedAt").isNull()).isFalse();
    JsonNode update = changes(id).get(0);
    assertThat(update.get("change").asText()).isEqualTo("updated");
    assertThat(update.get("actor").asText()).isNotBlank();
    assertThat(update.get("before").get("threshold").decimalValue()).isEqualByComparingTo("30");
    assertThat(update.get("before").get("min_severity").isNull()).isTrue();
    assertThat(update.get("after").get("threshold").decimalValue()).isEqualByComparingTo("40");
    assertThat(update.get("after").get("min_severity").asText()).isEqualTo("high");

    assertThat(admin.put("/api/triggers/" + id, rule(segment + "-a", 40, "high")).status()).isEqualTo(200);
    assertThat(changes(id)).as("the same edit again records nothing").hasSize(2);

    Map<String, Object> otherType = rule(segment + "-a", 50, null);
    otherType.put("type", "adoption");
    Api.Response badType = admin.put("/api/triggers/" + id, otherType);
    assertThat(badType.status()).isEqualTo(400);
    Api.Response badThreshold = admin.put("/api/triggers/" + id, rule(segment + "-a", 250, null));
    assertThat(badThreshold.status()).isEqualTo(400);
    assertThat(badThreshold.body().toString()).contains("threshold");
    assertThat(admin.get("/api/triggers/" + id).body().get("condition").get("threshold").decimalValue())
        .isEqualByComparingTo("40");
    assertThat(changes(id)).hasSize(2);

    Api.Response disabled = admin.post("/api/triggers/" + id + "/disable", Map.of());
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.body().get("enabled").asBoolean()).isFalse();
    assertThat(admin.post("/api/triggers/" + id + "/disable", Map.of()).status()).isEqualTo(200);
    assertThat(changes(id)).extracting(c -> c.get("change").asText()).containsExactly("disabled", "updated", "created");
    assertThat(admin.post("/api/triggers/" + id + "/enable", Map.of()).body().get("enabled").asBoolean()).isTrue();
    assertThat(changes(id)).extracting(c -> c.get("change").asText())
        .containsExactly("enabled", "disabled", "updated", "created");

    assertThat(manager.put("/api/triggers/" + id, rule(segment + "-a", 45, null)).status()).isEqualTo(403);
    assertThat(csm.post("/api/triggers/" + id + "/disable", Map.of()).status()).isEqualTo(403);
    assertThat(admin.put("/api/triggers/trg_nope", rule(segment + "-a", 45, null)).status()).isEqualTo(404);
    assertThat(admin.post("/api/triggers/trg_nope/disable", Map.of()).status()).isEqualTo(404);
    assertThat(csm.get("/api/triggers/trg_nope/changes").status()).isEqualTo(404);
  }

  @Test
  void theSweepUsesTheRuleAsItIsAtItsRun_aDisabledSegmentRuleGivesWayToTheGeneralOne() {
    String customer = "tr-cust-" + System.nanoTime();
    Scenarios.putCustomer(admin, customer, "Rulesco", "tr-csm");
    Map<String, Object> inSegment = new LinkedHashMap<>();
    inSegment.put("name", "Rulesco");
    inSegment.put("arr", 120000);
    inSegment.put("segment", segment + "-b");
    inSegment.put("region", "na");
    inSegment.put("csmId", "tr-csm");
    inSegment.put("championName", "Dana Champion");
    inSegment.put("championEmail", "dana@rulesco.example.com");
    assertThat(admin.put("/api/customers/" + customer, inSegment).status()).isEqualTo(200);
    Scenarios.dropOf(admin, customer, AS_OF, 0.4);
    String id = admin.post("/api/triggers", rule(segment + "-b", 90, null)).body().get("id").asText();

    JsonNode strict = admin.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    assertThat(dauSignal(strict)).as("a 60%% DAU drop is under the segment's 90%% rule: %s", strict).isNull();

    admin.post("/api/triggers/" + id + "/disable", Map.of());
    JsonNode general = admin.post("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer)).body();
    assertThat(dauSignal(general)).as("the general 30%% rule judges it once the segment's is disabled: %s", general)
        .isNotNull();
    assertThat(dauSignal(general).get("percentDrop").asDouble()).isEqualTo(60.0);
  }

  private static JsonNode dauSignal(JsonNode run) {
    for (JsonNode signal : run.get("signals")) {
      if ("dau".equals(signal.path("metricType").asText())) {
        return signal;
      }
    }
    return null;
  }
}
