package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A plain HTTP client for the API under test: answers status and JSON whatever the status. It sends
 * the test admin token unless made with another token ({@link #as}) or none ({@link #anonymous}).
 */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    public Response(int status, JsonNode body) {
      this(status, body, null);
    }
  }

  public Api(String base) {
    this(base, TestInfrastructure.ADMIN_TOKEN);
  }

  private Api(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same API called with another bearer token. */
  public Api as(String otherToken) {
    return new Api(base, otherToken);
  }

  public Api anonymous() {
    return new Api(base, null);
  }

  public Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response post(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  public Response put(String path, Object body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  public Response postRaw(String path, String rawBody) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(rawBody)));
  }

  /** A form-encoded body with extra headers (Slack's interactivity requests and their signature). */
  public Response postForm(String path, String form, java.util.Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(request::header);
    return send(request);
  }

  /** A raw body with extra headers (a webhook's signature), or another Content-Type. */
  public Response postRaw(String path, String rawBody, java.util.Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(rawBody));
    headers.forEach(request::setHeader);
    return send(request);
  }

  /** Waits for the one pending approval of a customer and answers it. */
  public JsonNode awaitPendingApproval(String customerId) {
    return awaitPendingApproval(customerId, Duration.ofSeconds(30));
  }

  public JsonNode awaitPendingApproval(String customerId, Duration timeout) {
    String path = "/api/approvals?status=pending&customerId=" + customerId;
    Awaitility.await().atMost(timeout).until(() -> get(path).body().path("items").size() == 1);
    return get(path).body().get("items").get(0);
  }

  /** The actions of a customer's activity log, oldest first. */
  public List<String> activityActions(String customerId) {
    List<String> actions = new ArrayList<>();
    all("/api/customers/" + customerId + "/activity").forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  /** Every item of a paginated list, walking its pages by {@code nextCursor}; fails on any answer but 200. */
  public List<JsonNode> all(String path) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      String page = path + (path.contains("?") ? "&" : "?") + "limit=1000"
          + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
      Response response = get(page);
      if (response.status() != 200) {
        throw new AssertionError("GET " + page + " answered " + response.status() + ": " + response.body());
      }
      response.body().get("items").forEach(items::add);
      cursor = response.body().path("nextCursor").isTextual() ? response.body().get("nextCursor").asText() : null;
    } while (cursor != null);
    return items;
  }

  /** The element of a JSON array whose {@code field} is {@code value}. */
  public static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.path(field).asText())) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  private static String json(Object body) {
    try {
      return body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response send(String method, String path, String rawBody) {
    HttpRequest.BodyPublisher publisher = rawBody == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(rawBody);
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .method(method, publisher));
  }

  private Response send(HttpRequest.Builder request) {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body;
      try {
        body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
      } catch (IOException notJson) {
        body = JSON.getNodeFactory().textNode(response.body());
      }
      return new Response(response.statusCode(), body, response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
