package io.vigil.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.app.Api;
import io.vigil.app.Scenarios;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The three playbooks started through the service's HTTP API, each on customers and CSMs of its
 * own (ids carry the run's tag), and what each must deliver: one {@link ExpectedDm} per CSM told.
 */
final class Playbooks {
  /** A Wednesday in the past: the evaluated day. */
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 18);

  /** A DM the playbook owes a CSM: exactly one message mentioning {@code marker} on Slack, or by email. */
  record ExpectedDm(String what, String csmId, String marker) {
    String slackChannel() {
      return "D" + slackUserId(csmId);
    }

    String email() {
      return csmId + "@example.com";
    }
  }

  private final Api api;
  private final String tag;
  private boolean catalogReady;

  Playbooks(Api api, String tag) {
    this.api = api;
    this.tag = tag;
  }

  /** Scenarios.putUser's Slack id for a user. */
  static String slackUserId(String userId) {
    return "U" + Math.abs(userId.hashCode());
  }

  /** A customer whose DAU dropped 60% (high): its CSM is owed the usage alert, its champion the approved check-in. */
  ExpectedDm usageDrop(int n) {
    String customer = "drop" + n + "-" + tag;
    String name = "Dropco " + n + " " + tag;
    String csm = "csm-" + customer;
    Scenarios.putUser(api, csm, "csm", null);
    Scenarios.putCustomer(api, customer, name, csm);
    Scenarios.dropOf(api, customer, AS_OF, 0.4);
    return new ExpectedDm("usage-drop/" + customer, csm, "Usage Alert: " + name);
  }

  /** A customer that never took to two catalogue features: its CSM is owed the adoption alert. */
  ExpectedDm adoption(int n) {
    givenCatalog();
    String customer = "adopt" + n + "-" + tag;
    String name = "Adoptco " + n + " " + tag;
    String csm = "csm-" + customer;
    Scenarios.putUser(api, csm, "csm", null);
    Scenarios.putCustomer(api, customer, name, csm);
    ingestAdoptionUsage(customer);
    Api.Response activated = api.post("/api/customers/" + customer + "/feature-adoption/" + feature("workflows")
        + "/activate", Map.of("activatedAt", AS_OF.minusDays(20).atTime(12, 0).toInstant(ZoneOffset.UTC).toString()));
    assertThat(activated.status()).as(activated.body().toString()).isEqualTo(200);
    Api.Response synced = api.post("/api/feature-adoption/sync", Map.of("customerId", customer, "asOf", AS_OF.toString()));
    assertThat(synced.status()).as(synced.body().toString()).isEqualTo(200);
    return new ExpectedDm("adoption/" + customer, csm, "Feature Adoption Stalled: " + name);
  }

  /** Runs detection for one customer; the playbook starts from it. A kill during the call is no failure. */
  void detect(ExpectedDm alert) {
    String customer = alert.what().substring(alert.what().indexOf('/') + 1);
    tryPost("/api/v1/detections/run", Map.of("asOf", AS_OF.toString(), "customerId", customer));
  }

  /** A P2 on a component of {@code csms} CSMs' customers, two each: every CSM is owed one DM. */
  Incident incident(int n, int csms) {
    String component = "comp" + n + "-" + tag;
    String title = "Outage " + n + " " + tag;
    List<ExpectedDm> dms = new ArrayList<>();
    for (int c = 0; c < csms; c++) {
      String csm = "csm-inc" + n + "-" + c + "-" + tag;
      Scenarios.putUser(api, csm, "csm", null);
      for (int k = 0; k < 2; k++) {
        String customer = "inc" + n + "-" + c + "-" + k + "-" + tag;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Incco " + n + "-" + c + "-" + k + " " + tag);
        body.put("arr", 100_000 + 10_000 * k);
        body.put("segment", "enterprise");
        body.put("region", "na");
        body.put("csmId", csm);
        body.put("championName", "Dana Champion");
        body.put("championEmail", "dana@" + customer + ".example.com");
        body.put("components", List.of(component));
        Api.Response put = api.put("/api/customers/" + customer, body);
        assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
      }
      dms.add(new ExpectedDm("incident/" + n + "/" + csm, csm, "P2 INCIDENT: " + title));
    }
    Map<String, Object> webhook = new LinkedHashMap<>();
    webhook.put("id", "INC-" + n + "-" + tag);
    webhook.put("title", title);
    webhook.put("status", "investigating");
    webhook.put("severity", "P2");
    webhook.put("affectedComponents", List.of(component));
    webhook.put("startedAt", "2026-11-20T14:30:00Z");
    return new Incident(title, webhook, dms);
  }

  record Incident(String title, Map<String, Object> webhook, List<ExpectedDm> dms) {}

  /** Posts the incident's webhook (signal-with-start: a redelivery changes nothing). */
  void open(Incident incident) {
    tryPost("/api/webhooks/incidents", incident.webhook());
  }

  /** Approves a draft as its reviewer would: a refusal because it is decided already is fine. */
  Optional<Integer> approve(String approvalId) {
    return tryPost("/api/approvals/" + approvalId + "/approve", Map.of());
  }

  /** Posts, answering the status, or nothing when the service died under the call. */
  Optional<Integer> tryPost(String path, Object body) {
    try {
      return Optional.of(api.post(path, body).status());
    } catch (UncheckedIOException | IllegalStateException connectionLost) {
      return Optional.empty();
    }
  }

  private String feature(String name) {
    return name + "-" + tag;
  }

  private void givenCatalog() {
    if (catalogReady) {
      return;
    }
    putFeature(feature("analytics"), "Analytics " + tag, 85);
    putFeature(feature("workflows"), "Workflows " + tag, 60);
    putFeature(feature("dashboards"), "Dashboards " + tag, 50);
    catalogReady = true;
  }

  private void putFeature(String id, String name, int importance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("featureName", name);
    body.put("category", "insights");
    body.put("importanceScore", importance);
    body.put("expectedAdoptionDays", 30);
    body.put("trainingResources", List.of(Map.of("type", "documentation", "title", name + " guide",
        "url", "https://docs.example.com/" + id)));
    body.put("keyBenefit", "spot trends before your customers do");
    Api.Response put = api.put("/api/features/" + id, body);
    assertThat(put.status()).as(put.body().toString()).isEqualTo(200);
  }

  /** 10 users log in every weekday, 8 use dashboards; two tried analytics 35 and 34 days ago, never again. */
  private void ingestAdoptionUsage(String customer) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (LocalDate day = AS_OF.minusDays(35); !day.isAfter(AS_OF); day = day.plusDays(1)) {
      if (day.getDayOfWeek().getValue() >= 6) {
        continue;
      }
      for (int u = 0; u < 10; u++) {
        Instant at = day.atTime(9, u).toInstant(ZoneOffset.UTC);
        events.add(Scenarios.event(customer, "user-" + u, "login", null, at.toString(), customer + "-" + day + "-" + u));
        if (u < 8) {
          events.add(Scenarios.event(customer, "user-" + u, "feature_used", feature("dashboards"), at.toString(),
              customer + "-" + day + "-" + u + "-dash"));
        }
      }
    }
    for (int d = 34; d <= 35; d++) {
      Instant at = AS_OF.minusDays(d).atTime(11, 0).toInstant(ZoneOffset.UTC);
      events.add(Scenarios.event(customer, "user-" + d % 2, "feature_used", feature("analytics"), at.toString(),
          customer + "-analytics-" + d));
    }
    Api.Response response = api.post("/api/v1/usage/events", Map.of("events", events));
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
  }
}
