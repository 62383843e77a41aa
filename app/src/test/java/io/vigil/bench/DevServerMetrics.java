package io.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the dev server asked of its SQLite, by operation ({@code persistence_requests} of its own
 * /metrics), and how often its caches missed: the dev server's CPU follows these. The dev server
 * serves /metrics on a port of its choosing; it is found among the ports its process listens on.
 */
final class DevServerMetrics {
  private static final Pattern COUNTER = Pattern.compile(
      "(?m)^(persistence_requests|cache_miss|cache_requests)\\{([^}]*)} ([0-9.eE+]+)$");
  private static final Pattern LABEL = Pattern.compile("(operation|cache_type)=\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String url;

  private DevServerMetrics(String url) {
    this.url = url;
  }

  /** The dev server {@code pid}'s metrics, if one of its listening ports serves them. */
  static Optional<DevServerMetrics> of(long pid) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
    String listening = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ss.waitFor();
    Matcher m = Pattern.compile("(?m)^\\S+\\s+\\d+\\s+\\d+\\s+\\S+:(\\d+)\\s.*pid=" + pid + ",").matcher(listening);
    while (m.find()) {
      String url = "http://127.0.0.1:" + m.group(1) + "/metrics";
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("persistence_requests")) {
          return Optional.of(new DevServerMetrics(url));
        }
      } catch (IOException notHttp) {
        // the gRPC port, or another that is not the metrics'
      }
    }
    return Optional.empty();
  }

  /** "persistence CreateTasks", "cache_miss events", ... to their counts so far. */
  Map<String, Long> read() throws IOException, InterruptedException {
    String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Long> counts = new TreeMap<>();
    Matcher m = COUNTER.matcher(body);
    while (m.find()) {
      Matcher label = LABEL.matcher(m.group(2));
      String what = label.find() ? label.group(2) : "?";
      String name = m.group(1).equals("persistence_requests") ? what : m.group(1) + "(" + what + ")";
      counts.merge(name, (long) Double.parseDouble(m.group(3)), Long::sum);
    }
    return counts;
  }
}
