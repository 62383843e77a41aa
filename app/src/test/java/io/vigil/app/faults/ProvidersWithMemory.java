package io.vigil.app.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Slack's Web API and Gmail as far as Vigil's exactly-once rests on them, inside WireMock: what was
 * posted or sent is kept, as the real providers keep it, so {@code conversations.history} and
 * Gmail's {@code rfc822msgid:} search find a message whose answer never reached a killed service.
 * Every DM channel is the user's own ({@code D<user id>}), a channel name is taken once.
 *
 * <p>It is also where faults are injected: a {@link Trigger} runs an action (kill -9 of the
 * service) when a matching send arrives, before or after Slack or Gmail has answered it, and a
 * {@link Storm} refuses Slack posts with 429 (Retry-After) or 503, drawn from a seeded random.
 */
final class ProvidersWithMemory implements ResponseDefinitionTransformerV2 {
  static final String NAME = "providers-with-memory";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The control experiment: {@code -Dvigil.faults.forgetful=true} makes Slack's history and Gmail's
   * search find nothing, as if Vigil did not ask the provider before sending again; a kill before
   * the answer must then show as a duplicate and fail the suite (docs/reliability.md).
   */
  private static final boolean FORGETFUL = Boolean.getBoolean("vigil.faults.forgetful");

  /** A message Slack accepted: posted, whether or not its answer arrived. */
  record Post(String channel, String key, String text, String ts) {}

  /** A message Gmail accepted. */
  record Mail(String messageId, String to, String subject, String text, String id) {}

  /** What a send request is about, for triggers. */
  record Send(String provider, String recipient, String text) {}

  /**
   * Runs {@code action} on the {@code nth} send matching {@code matches}: while its answer is still
   * due ({@code beforeAnswer}, the provider has taken it), or {@code delayMillis} after answering.
   */
  record Trigger(Predicate<Send> matches, int nth, boolean beforeAnswer, long delayMillis, Runnable action) {}

  /** Refuses each Slack post with probability {@code share}: half 429 with Retry-After 1 s, half 503. */
  static final class Storm {
    private final Random random;
    private final double share;
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();

    Storm(long seed, double share) {
      this.random = new Random(seed);
      this.share = share;
    }

    synchronized int draw() {
      if (random.nextDouble() >= share) {
        return 200;
      }
      return random.nextBoolean() ? 429 : 503;
    }
  }

  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final List<Mail> mails = new CopyOnWriteArrayList<>();
  private final Map<String, String> channelsByName = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong(1_764_000_000_000_000L);
  private final AtomicReference<Trigger> trigger = new AtomicReference<>();
  private final List<Send> triggerSeen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Storm> storm = new AtomicReference<>();
  private volatile long slowSendsMillis;

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  List<Mail> mails() {
    return List.copyOf(mails);
  }

  void arm(Trigger next) {
    triggerSeen.clear();
    trigger.set(next);
  }

  void disarm() {
    trigger.set(null);
  }

  void storm(Storm next) {
    storm.set(next);
  }

  /** Every Slack post and Gmail send takes this long to be answered (they are taken at once). */
  void slowSends(long millis) {
    slowSendsMillis = millis;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String path = request.getUrl().replaceFirst("\\?.*", "");
    try {
      return switch (path) {
        case "/slack/api/conversations.open" ->
            ok(Map.of("ok", true, "channel", Map.of("id", "D" + form(request, "users"))));
        case "/slack/api/chat.postMessage" -> postMessage(request);
        case "/slack/api/conversations.history" -> history(form(request, "channel"));
        case "/slack/api/conversations.create" -> createChannel(form(request, "name"));
        case "/slack/api/conversations.list" -> listChannels();
        // the alert DM gains its draft's buttons (offerDraftInDm); without it that step retried 8 times
        case "/slack/api/chat.update" ->
            ok(Map.of("ok", true, "channel", form(request, "channel"), "ts", form(request, "ts")));
        case "/slack/api/conversations.invite" ->
            ok(Map.of("ok", true, "channel", Map.of("id", form(request, "channel"))));
        case "/google/gmail/v1/users/me/messages/send" -> send(request);
        case "/google/gmail/v1/users/me/messages" -> search(request.queryParameter("q").firstValue());
        case "/google/calendar/v3/freeBusy" -> ok(Map.of("kind", "calendar#freeBusy", "calendars", Map.of()));
        default -> new ResponseDefinitionBuilder().withStatus(404).withBody("not played by the fake: " + path).build();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ResponseDefinition postMessage(Request request) throws IOException {
    Storm current = storm.get();
    int refusal = current == null ? 200 : current.draw();
    if (refusal == 429) {
      current.throttled.incrementAndGet();
      return new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", "1")
          .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"ratelimited\"}").build();
    }
    if (refusal == 503) {
      current.unavailable.incrementAndGet();
      return new ResponseDefinitionBuilder().withStatus(503).withBody("upstream unavailable").build();
    }
    JsonNode metadata = JSON.readTree(form(request, "metadata"));
    String channel = form(request, "channel");
    Post post = new Post(channel, metadata.at("/event_payload/key").asText(), form(request, "text"), nextTs());
    posts.add(post);
    ResponseDefinition answer = ok(Map.of("ok", true, "channel", channel, "ts", post.ts()));
    return fire(new Send("slack", channel, post.text()), answer);
  }

  private ResponseDefinition history(String channel) throws IOException {
    ArrayNode messages = JSON.createArrayNode();
    List<Post> inChannel = FORGETFUL ? List.of() : posts.stream().filter(p -> p.channel().equals(channel)).toList();
    // newest first, at most the 100 Vigil asks for
    for (int i = inChannel.size() - 1; i >= 0 && messages.size() < 100; i--) {
      Post post = inChannel.get(i);
      ObjectNode message = messages.addObject().put("type", "message").put("ts", post.ts()).put("text", post.text());
      message.putObject("metadata").put("event_type", "vigil_delivery").putObject("event_payload").put("key", post.key());
    }
    ObjectNode body = JSON.createObjectNode().put("ok", true);
    body.set("messages", messages);
    return ok(body);
  }

  private ResponseDefinition createChannel(String name) throws IOException {
    String id = "C" + Math.abs(name.hashCode());
    if (channelsByName.putIfAbsent(name, id) != null) {
      return ok(Map.of("ok", false, "error", "name_taken"));
    }
    return ok(Map.of("ok", true, "channel", Map.of("id", id, "name", name)));
  }

  private ResponseDefinition listChannels() throws IOException {
    List<Map<String, Object>> channels = new ArrayList<>();
    channelsByName.forEach((name, id) -> channels.add(Map.of("id", id, "name", name)));
    return ok(Map.of("ok", true, "channels", channels, "response_metadata", Map.of("next_cursor", "")));
  }

  private ResponseDefinition send(Request request) throws IOException {
    String raw = JSON.readTree(request.getBodyAsString()).get("raw").asText();
    String mime = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
    Map<String, String> headers = headers(mime);
    String body = text(mime, headers);
    Mail mail = new Mail(headers.get("message-id"), headers.get("to"), headers.get("subject"), body,
        "gmail-" + sequence.incrementAndGet());
    mails.add(mail);
    ResponseDefinition answer = ok(Map.of("id", mail.id(), "threadId", "thread-" + mail.id()));
    return fire(new Send("gmail", mail.to(), body), answer);
  }

  private ResponseDefinition search(String query) throws IOException {
    String messageId = query.startsWith("rfc822msgid:") ? query.substring("rfc822msgid:".length()) : "";
    List<Map<String, Object>> found = mails.stream().filter(m -> !FORGETFUL && messageId.equals(m.messageId()))
        .map(m -> Map.<String, Object>of("id", m.id(), "threadId", "thread-" + m.id())).toList();
    return found.isEmpty() ? ok(Map.of("resultSizeEstimate", 0))
        : ok(Map.of("messages", found, "resultSizeEstimate", found.size()));
  }

  /** Runs the armed trigger if this send is its nth match, and answers as it says. */
  private ResponseDefinition fire(Send send, ResponseDefinition answer) {
    Trigger armed = trigger.get();
    if (armed != null && armed.matches().test(send)) {
      triggerSeen.add(send);
      if (triggerSeen.size() == armed.nth() && trigger.compareAndSet(armed, null)) {
        if (armed.beforeAnswer()) {
          armed.action().run();
        } else {
          Thread killer = new Thread(() -> {
            sleep(armed.delayMillis());
            armed.action().run();
          }, "fault-trigger");
          killer.setDaemon(true);
          killer.start();
        }
      }
    }
    long slow = slowSendsMillis;
    return slow == 0 ? answer : ResponseDefinitionBuilder.like(answer).withFixedDelay((int) slow).build();
  }

  private String nextTs() {
    long micros = sequence.incrementAndGet();
    return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
  }

  private static ResponseDefinition ok(Object body) throws IOException {
    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(JSON.writeValueAsString(body)).build();
  }

  static String form(Request request, String name) {
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /** The headers of an RFC 5322 message, names in lower case. */
  /**
   * The plain text of a message: its base64 body, or the text/plain part (the first) of a
   * multipart/alternative one, as a DM's email fallback is sent. Read as a single body, such a
   * message failed to decode and the fake answered 500: a DM that fell back to email was lost.
   */
  private static String text(String mime, Map<String, String> headers) {
    String content = mime.substring(mime.indexOf("\r\n\r\n") + 4);
    String type = headers.getOrDefault("content-type", "");
    int quoted = type.indexOf("boundary=\"");
    if (type.startsWith("multipart/") && quoted >= 0) {
      int from = quoted + "boundary=\"".length();
      String boundary = "--" + type.substring(from, type.indexOf('"', from));
      String part = content.substring(content.indexOf(boundary) + boundary.length());
      content = part.substring(part.indexOf("\r\n\r\n") + 4, part.indexOf("\r\n" + boundary));
    }
    return new String(Base64.getMimeDecoder().decode(content.strip()), StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(String mime) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : mime.substring(0, Math.max(0, mime.indexOf("\r\n\r\n"))).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith(" ")) {
        headers.putIfAbsent(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).strip());
      }
    }
    return headers;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
