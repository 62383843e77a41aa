package io.vigil.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls each side makes to the dev server, by method: the dev server's CPU follows them (and
 * the events and bytes they write), so a difference in its CPU per workflow is looked for here
 * first. The floor's client counts its own calls ({@link #interceptor}); the service's are read from
 * its /metrics (the SDK's {@code temporal_request_total} and {@code temporal_long_request_total}).
 */
final class TemporalCalls {
  private static final Pattern REQUEST = Pattern.compile(
      "(?m)^temporal_(?:long_)?request_total\\{[^}]*operation=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$");
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts every call made through the floor's stubs by its method's name. */
  ClientInterceptor interceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        counts.computeIfAbsent(method.getBareMethodName(), k -> new LongAdder()).increment();
        return next.newCall(method, options);
      }
    };
  }

  /** The floor's calls so far. */
  Map<String, Long> floor() {
    Map<String, Long> now = new TreeMap<>();
    counts.forEach((method, count) -> now.put(method, count.sum()));
    return now;
  }

  /** The service's calls so far, from its /metrics. */
  static Map<String, Long> service(String baseUrl, String adminToken) throws IOException, InterruptedException {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
        .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
    Map<String, Long> now = new TreeMap<>();
    Matcher m = REQUEST.matcher(metrics.body());
    while (m.find()) {
      now.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return now;
  }

  /** "PollWorkflowTaskQueue 9.1, ..." per item between two readings, leaving out what is under 0.05 per item. */
  static String perItem(Map<String, Long> before, Map<String, Long> after, int items) {
    StringBuilder line = new StringBuilder();
    after.forEach((method, count) -> {
      double each = (count - before.getOrDefault(method, 0L)) / (double) items;
      if (each >= 0.05) {
        line.append(line.isEmpty() ? "" : ", ").append(method).append(' ').append("%.2f".formatted(each));
      }
    });
    return line.toString();
  }
}
