package io.vigil.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** WireMock playing Slack's Web API and Google's Gmail and Calendar APIs, over real HTTP. */
public final class FakeSlackAndGoogle {
  static final String POST_MESSAGE = "/slack/api/chat.postMessage";
  static final String GMAIL_SEND = "/google/gmail/v1/users/me/messages/send";

  private final WireMockServer server;

  public FakeSlackAndGoogle(WireMockServer server) {
    this.server = server;
    stubDefaults();
  }

  private void stubDefaults() {
    server.stubFor(post(urlEqualTo("/slack/api/conversations.open")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"DDEFAULT\"}}")));
    server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"channel\":\"DDEFAULT\",\"ts\":\"1764000000.000100\"}")));
    server.stubFor(post(urlEqualTo("/slack/api/conversations.history")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"messages\":[]}")));
    server.stubFor(post(urlEqualTo("/slack/api/conversations.create")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"CINCIDENT\",\"name\":\"incident\"}}")));
    server.stubFor(post(urlEqualTo("/slack/api/conversations.invite")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"CINCIDENT\"}}")));
    server.stubFor(post(urlEqualTo("/slack/api/chat.update")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"channel\":\"DDEFAULT\",\"ts\":\"1764000000.000100\"}")));
    server.stubFor(post(urlEqualTo("/slack/api/chat.postEphemeral")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"message_ts\":\"1764000000.000900\"}")));
    server.stubFor(post(urlEqualTo("/slack/api/views.open")).atPriority(10)
        .willReturn(okJson("{\"ok\":true,\"view\":{\"id\":\"VDEFAULT\"}}")));
    server.stubFor(post(urlEqualTo(GMAIL_SEND)).atPriority(10)
        .willReturn(okJson("{\"id\":\"gmail-msg-1\",\"threadId\":\"gmail-thread-1\"}")));
    server.stubFor(post(urlEqualTo("/google/gmail/v1/users/me/drafts")).atPriority(10)
        .willReturn(okJson("{\"id\":\"draft-1\",\"message\":{\"id\":\"gmail-draft-msg-1\"}}")));
    server.stubFor(get(urlPathEqualTo("/google/gmail/v1/users/me/messages")).atPriority(10)
        .willReturn(okJson("{\"resultSizeEstimate\":0}")));
    server.stubFor(post(urlEqualTo("/google/calendar/v3/freeBusy")).atPriority(10)
        .willReturn(okJson("{\"kind\":\"calendar#freeBusy\",\"calendars\":{}}")));
  }

  /** The Slack messages posted whose text mentions {@code marker}. */
  List<String> slackMessagesMentioning(String marker) {
    return server.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).stream()
        .map(r -> formField(r, "text"))
        .filter(text -> text != null && text.contains(marker))
        .toList();
  }

  List<LoggedRequest> slackPostsMentioning(String marker) {
    return server.findAll(postRequestedFor(urlEqualTo(POST_MESSAGE))).stream()
        .filter(r -> {
          String text = formField(r, "text");
          return text != null && text.contains(marker);
        })
        .toList();
  }

  /** The raw RFC 5322 messages sent through Gmail that mention {@code marker}. */
  public List<String> gmailMessagesMentioning(String marker) {
    return server.findAll(postRequestedFor(urlEqualTo(GMAIL_SEND))).stream()
        .map(r -> r.getBodyAsString())
        .map(FakeSlackAndGoogle::decodeRaw)
        .filter(m -> m.contains(marker))
        .toList();
  }

  /** Requests to a Slack method whose form body mentions {@code marker}. */
  List<LoggedRequest> slackCalls(String method, String marker) {
    return server.findAll(postRequestedFor(urlEqualTo("/slack/api/" + method))).stream()
        .filter(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8).contains(marker))
        .toList();
  }

  /** The message's headers and its decoded body; a multipart/alternative one: each part's headers and decoded text. */
  static String decodeRaw(String gmailJson) {
    int start = gmailJson.indexOf("\"raw\":\"") + 7;
    String raw = gmailJson.substring(start, gmailJson.indexOf('"', start));
    return decodePart(new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8));
  }

  private static String decodePart(String mime) {
    int split = mime.indexOf("\r\n\r\n");
    String headers = mime.substring(0, split);
    java.util.regex.Matcher boundary = java.util.regex.Pattern.compile("boundary=\"([^\"]+)\"").matcher(headers);
    if (!boundary.find()) {
      return headers + "\n\n" + new String(Base64.getMimeDecoder().decode(mime.substring(split + 4).strip()), StandardCharsets.UTF_8);
    }
    StringBuilder decoded = new StringBuilder(headers);
    for (String part : mime.substring(split + 4).split("--" + java.util.regex.Pattern.quote(boundary.group(1)))) {
      String body = part.strip();
      if (!body.isEmpty() && !body.equals("--")) {
        decoded.append("\n\n").append(decodePart(body));
      }
    }
    return decoded.toString();
  }

  static String formField(LoggedRequest request, String name) {
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Slack answers 429 with Retry-After once for messages mentioning {@code marker}, then accepts them. */
  void throttleOnce(String marker, int retryAfterSeconds) {
    server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(1)
        .withRequestBody(containing(marker))
        .inScenario("throttle-" + marker).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
            .withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
        .willSetStateTo("throttled"));
  }

  /** Slack's {@code method} answers HTTP 429 with Retry-After to calls mentioning {@code marker}. */
  com.github.tomakehurst.wiremock.stubbing.StubMapping slackMethodThrottled(String method, String marker, int retryAfterSeconds) {
    return server.stubFor(post(urlEqualTo("/slack/api/" + method)).atPriority(1)
        .andMatching(request -> MatchResult.of(URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8).contains(marker)))
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
            .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
  }

  /** Ends what a stub above set up: the provider answers as by default again. */
  void lift(com.github.tomakehurst.wiremock.stubbing.StubMapping stub) {
    server.removeStub(stub);
  }

  /** Slack's {@code method} answers {@code ok:false} with {@code error} to calls mentioning {@code marker}. */
  void slackMethodRefuses(String method, String marker, String error) {
    server.stubFor(post(urlEqualTo("/slack/api/" + method)).atPriority(1)
        .andMatching(request -> MatchResult.of(URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8).contains(marker)))
        .willReturn(okJson("{\"ok\":false,\"error\":\"" + error + "\"}")));
  }

  /** Slack takes {@code delayMillis} to accept messages mentioning {@code marker} (it still posts them). */
  void slowDown(String marker, int delayMillis) {
    server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(1)
        .withRequestBody(containing(marker))
        .willReturn(okJson("{\"ok\":true,\"channel\":\"DSLOW\",\"ts\":\"1764000000.000200\"}")
            .withFixedDelay(delayMillis)));
  }

  /** Gmail takes {@code delayMillis} to accept sends whose message mentions {@code marker} (it still sends them). */
  void slowDownGmail(String marker, int delayMillis) {
    server.stubFor(post(urlEqualTo(GMAIL_SEND)).atPriority(1)
        .andMatching(request -> MatchResult.of(decodeRaw(request.getBodyAsString()).contains(marker)))
        .willReturn(okJson("{\"id\":\"gmail-slow-1\",\"threadId\":\"gmail-thread-slow\"}").withFixedDelay(delayMillis)));
  }

  /** Slack refuses messages mentioning {@code marker} with {@code error} ("account_inactive": for good). */
  void slackRefuses(String marker, String error) {
    server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(1)
        .withRequestBody(containing(marker))
        .willReturn(okJson("{\"ok\":false,\"error\":\"" + error + "\"}")));
  }

  /** Slack answers HTTP 503 to messages mentioning {@code marker}, for as long as the test runs. */
  void slackDownFor(String marker) {
    server.stubFor(post(urlEqualTo(POST_MESSAGE)).atPriority(1)
        .withRequestBody(containing(marker))
        .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
  }

  /** Gmail refuses sends whose message mentions {@code marker} with HTTP {@code status} (a 4xx: for good). */
  void gmailRefuses(String marker, int status) {
    server.stubFor(post(urlEqualTo(GMAIL_SEND)).atPriority(1)
        .andMatching(request -> MatchResult.of(decodeRaw(request.getBodyAsString()).contains(marker)))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"Refused by the test\",\"status\":\"INVALID_ARGUMENT\"}}")));
  }

  /** Calendar refuses free/busy for {@code calendarId} (a CSM's email) with HTTP {@code status}. */
  void calendarRefuses(String calendarId, int status) {
    server.stubFor(post(urlEqualTo("/google/calendar/v3/freeBusy")).atPriority(1)
        .withRequestBody(containing(calendarId))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":" + status + ",\"message\":\"The caller does not have permission\"}}")));
  }

  /** conversations.history answers with a message carrying {@code deliveryKey}, as Slack would once it was posted. */
  void historyHolds(String deliveryKey, String ts) {
    server.stubFor(post(urlEqualTo("/slack/api/conversations.history")).atPriority(1)
        .willReturn(okJson("{\"ok\":true,\"messages\":[{\"type\":\"message\",\"ts\":\"" + ts + "\",\"text\":\"...\","
            + "\"metadata\":{\"event_type\":\"vigil_delivery\",\"event_payload\":{\"key\":\"" + deliveryKey + "\"}}}]}")));
  }
}
