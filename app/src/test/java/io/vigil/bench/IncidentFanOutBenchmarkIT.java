package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.FakeSlackAndGoogle;
import io.vigil.app.TestInfrastructure;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * PRD-097 asks CSMs to hear of a customer-impacting incident within 5 minutes. This measures, on
 * the real Temporal dev server and PostgreSQL with Slack on WireMock, the time from the webhook
 * POST of a P1 touching 500 customers across 20 CSMs to the last of the 20 DMs arriving at
 * Slack. Run it with bench/incident-fanout.sh; it asserts correctness only, never time.
 */
@Tag("bench")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentFanOutBenchmarkIT implements TestPropertyProvider {
  private static final int CSMS = 20;
  private static final int CUSTOMERS = 500;
  private static final int WARMUP = 3;
  private static final int RUNS = Integer.getInteger("vigil.bench.runs", 30);

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void webhookToLastCsmDm() throws Exception {
    Api api = new Api(server.getURL().toString());
    new FakeSlackAndGoogle(TestInfrastructure.wireMock());
    String component = "bench-api-" + System.nanoTime();
    for (int c = 0; c < CSMS; c++) {
      api.put("/api/users/bench-csm-" + c, Map.of("name", "Bench Csm " + c, "email", "csm" + c + "@example.com",
          "role", "csm", "slackUserId", "UBENCH" + c));
    }
    for (int i = 0; i < CUSTOMERS; i++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "Bench Customer " + i);
      body.put("arr", 10_000 + i * 100);
      body.put("segment", i % 3 == 0 ? "enterprise" : "smb");
      body.put("region", "na");
      body.put("csmId", "bench-csm-" + (i % CSMS));
      body.put("championName", "Champ " + i);
      body.put("championEmail", "champ" + i + "@example.com");
      body.put("components", List.of(component));
      assertThat(api.put("/api/customers/bench-" + component + "-" + i, body).status()).isEqualTo(200);
    }

    List<Long> millis = new ArrayList<>();
    for (int run = 0; run < WARMUP + RUNS; run++) {
      String title = "Bench outage " + component + " #" + run;
      Map<String, Object> incident = new LinkedHashMap<>();
      incident.put("id", "BENCH-" + component + "-" + run);
      incident.put("title", title);
      incident.put("status", "investigating");
      incident.put("severity", "P1");
      incident.put("affectedComponents", List.of(component));
      incident.put("startedAt", Instant.now().toString());
      Instant posted = Instant.now();
      assertThat(api.post("/api/webhooks/incidents", incident).status()).isEqualTo(202);
      List<LoggedRequest> dms = awaitDms(title);
      Instant last = dms.stream().map(r -> r.getLoggedDate().toInstant()).max(Instant::compareTo).orElseThrow();
      if (run >= WARMUP) {
        millis.add(Duration.between(posted, last).toMillis());
      }
      assertThat(dms).hasSize(CSMS);
      assertThat(text(dms.get(0))).contains("Your Affected Customers (25):");
    }
    Collections.sort(millis);
    System.out.printf("%nINCIDENT FAN-OUT: P1, %d customers, %d CSMs, %d runs: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms"
            + " (machine: %d cores, java %s)%n%n", CUSTOMERS, CSMS, millis.size(), pct(millis, 50), pct(millis, 90),
        pct(millis, 99), millis.get(millis.size() - 1), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
  }

  private static List<LoggedRequest> awaitDms(String title) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      List<LoggedRequest> dms = TestInfrastructure.wireMock()
          .findAll(postRequestedFor(urlEqualTo("/slack/api/chat.postMessage"))).stream()
          .filter(r -> text(r).contains(title))
          .toList();
      if (dms.size() >= CSMS) {
        return dms;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the DMs for " + title + " did not all arrive within 120 s");
  }

  private static String text(LoggedRequest request) {
    return URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8);
  }

  private static long pct(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
