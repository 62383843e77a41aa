package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.vigil.app.Api;
import io.vigil.app.TestInfrastructure;
import io.vigil.infra.persistence.Sql;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;

/**
 * Issue 12: usage ingestion through {@code POST /api/v1/usage/events}, 1,000,000 login events in
 * batches of 10,000 from 4 concurrent clients, once as a JSON array and once as NDJSON, against its
 * floor measured in the same run: COPY of the same rows into a bare table of the same columns.
 * Run it with bench/ingest.sh; it asserts correctness only (every event stored once), never time.
 */
@Tag("bench")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestBenchmarkIT implements TestPropertyProvider {
  private static final int EVENTS = Integer.getInteger("vigil.bench.events", 1_000_000);
  private static final int BATCH = 10_000;
  private static final int CLIENTS = Integer.getInteger("vigil.bench.clients", 4);
  private static final int CUSTOMERS = 200;
  private static final int USERS_PER_CUSTOMER = 50;
  private static final int DAYS = 30;
  private static final Instant FIRST_DAY = Instant.parse("2026-10-01T00:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject EmbeddedServer server;
  @Inject Sql sql;
  private String customerPrefix;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void millionEventsThroughTheApiAgainstCopyIntoABareTable() throws Exception {
    Api api = new Api(server.getURL().toString());
    api.put("/api/users/bench-ingest-csm", Map.of("name", "Bench Csm", "email", "csm@example.com", "role", "csm"));
    String prefix = "bi" + System.nanoTime();
    customerPrefix = prefix;
    for (int c = 0; c < CUSTOMERS; c++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "Bench Ingest " + c);
      body.put("arr", 10_000);
      body.put("segment", "smb");
      body.put("region", "na");
      body.put("csmId", "bench-ingest-csm");
      body.put("championName", "Champ");
      body.put("championEmail", "champ@example.com");
      assertThat(api.put("/api/customers/" + prefix + "-c" + c, body).status()).isEqualTo(200);
    }
    List<String> formats = List.of(System.getProperty("vigil.bench.formats", "json,ndjson").split(","));
    // a warm-up batch set of its own, so that the first measured pass is not the JVM's first
    ingest(prefix + "w", "json", Math.min(EVENTS, 100_000));
    Map<String, Double> rates = new LinkedHashMap<>();
    for (String format : formats) {
      rates.put(format, ingest(prefix + format, format, EVENTS));
    }
    double floor = copyIntoBareTable(prefix + "floor");
    StringBuilder out = new StringBuilder("%nINGEST: %,d login events, batches of %,d, %d clients, %d customers x %d days%n"
        .formatted(EVENTS, BATCH, CLIENTS, CUSTOMERS, DAYS));
    rates.forEach((format, rate) -> out.append("INGEST: HTTP %-6s %,10.0f events/s   %.2fx of the floor%n"
        .formatted(format, rate, rate / floor)));
    out.append("INGEST: floor  COPY into a bare table of the same columns %,10.0f rows/s%n".formatted(floor));
    out.append("INGEST: peak RSS of the JVM (service and its 4 clients): %d MB; max heap %d MB (machine: %d cores, java %s, load %s)%n%n"
        .formatted(peakRssKb() / 1024, Runtime.getRuntime().maxMemory() / (1024 * 1024),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage()));
    System.out.print(out);
  }

  /** Sends {@code events} login events as {@code format} batches from the clients; answers events/s. */
  private double ingest(String prefix, String format, int events) throws Exception {
    int batches = events / BATCH;
    AtomicInteger next = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long started = System.nanoTime();
    List<Future<Integer>> sent = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      sent.add(clients.submit(() -> {
        int accepted = 0;
        for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
          HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/v1/usage/events"))
              .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN)
              .header("Content-Type", format.equals("ndjson") ? "application/x-ndjson" : "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body(prefix, format, b))).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          accepted += Integer.parseInt(response.body().replaceAll(".*\"accepted\":(\\d+).*", "$1"));
        }
        return accepted;
      }));
    }
    int accepted = 0;
    for (Future<Integer> f : sent) {
      accepted += f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    clients.shutdown();
    assertThat(accepted).isEqualTo(batches * BATCH);
    return batches * BATCH / seconds;
  }

  private String body(String prefix, String format, int batch) {
    StringBuilder body = new StringBuilder(BATCH * 140);
    boolean ndjson = format.equals("ndjson");
    body.append(ndjson ? "" : "{\"events\":[");
    for (int i = 0; i < BATCH; i++) {
      long n = (long) batch * BATCH + i;
      if (!ndjson && i > 0) {
        body.append(',');
      }
      body.append("{\"eventId\":\"").append(prefix).append('-').append(n)
          .append("\",\"customerId\":\"").append(customer(n))
          .append("\",\"userId\":\"u").append(n % USERS_PER_CUSTOMER)
          .append("\",\"eventType\":\"login\",\"occurredAt\":\"").append(occurredAt(n)).append("\"}");
      if (ndjson) {
        body.append('\n');
      }
    }
    return body.append(ndjson ? "" : "]}").toString();
  }

  private String customer(long n) {
    return customerPrefix + "-c" + (n % CUSTOMERS);
  }

  private static Instant occurredAt(long n) {
    return FIRST_DAY.plusSeconds((n % DAYS) * 86_400 + (n % 86_000));
  }

  /** The floor: the same rows COPYed over one connection into a table of the same columns without keys or indexes. */
  private double copyIntoBareTable(String prefix) throws Exception {
    StringBuilder rows = new StringBuilder(EVENTS * 80);
    for (long n = 0; n < EVENTS; n++) {
      rows.append(prefix).append('-').append(n).append('\t').append(customer(n)).append("\tu")
          .append(n % USERS_PER_CUSTOMER).append("\tlogin\t\\N\t").append(occurredAt(n)).append('\n');
    }
    return sql.inTransaction(connection -> copyIntoBareTable(connection, rows.toString()));
  }

  private double copyIntoBareTable(Connection connection, String rows) throws java.sql.SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("DROP TABLE IF EXISTS bench_bare_events");
      st.execute("CREATE TABLE bench_bare_events (event_id text, customer_id text, user_id text, event_type text,"
          + " feature_id text, occurred_at timestamptz, received_at timestamptz DEFAULT now())");
      long started = System.nanoTime();
      long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "COPY bench_bare_events (event_id, customer_id, user_id, event_type, feature_id, occurred_at) FROM STDIN",
          new StringReader(rows));
      double seconds = (System.nanoTime() - started) / 1e9;
      st.execute("DROP TABLE bench_bare_events");
      assertThat(copied).isEqualTo(EVENTS);
      return EVENTS / seconds;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long peakRssKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).trim();
  }
}
