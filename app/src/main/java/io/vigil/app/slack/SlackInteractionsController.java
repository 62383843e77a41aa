package io.vigil.app.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.vigil.app.api.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Slack's interactivity request URL (docs/slack.md): button clicks and modal submissions from Vigil's
 * DMs, form-encoded with the JSON in {@code payload}. Signed by Slack ({@link SlackRequestSignature}):
 * anything unsigned, mis-signed or older than five minutes is a 401 and changes nothing. Without
 * {@code SLACK_SIGNING_SECRET} the endpoint answers 503: it cannot tell Slack from anyone else.
 */
@Controller("/api/slack/interactions")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SlackInteractionsController {
  private final SlackInteractions interactions;
  private final ObjectMapper json;
  private final Clock clock;
  private final SlackRequestSignature signature;

  public SlackInteractionsController(SlackInteractions interactions, ObjectMapper json, Clock clock,
      @Value("${slack.signing-secret:}") String secret) {
    this.interactions = interactions;
    this.json = json;
    this.clock = clock;
    this.signature = secret.isBlank() ? null : new SlackRequestSignature(secret);
  }

  @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> receive(@Body String body, @Nullable @Header("X-Slack-Signature") String signed,
      @Nullable @Header("X-Slack-Request-Timestamp") String timestamp) {
    if (signature == null) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE,
          "Slack interactivity is not configured: set SLACK_SIGNING_SECRET (docs/slack.md)", List.of());
    }
    String raw = body == null ? "" : body;
    String refusal = signature.refusal(timestamp, raw.getBytes(StandardCharsets.UTF_8), signed, clock.instant());
    if (refusal != null) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, refusal, List.of());
    }
    JsonNode payload = payload(raw);
    return switch (payload.path("type").asText("")) {
      case "block_actions" -> {
        interactions.blockAction(payload);
        yield HttpResponse.ok();
      }
      case "view_submission" -> {
        SlackInteractions.ModalAnswer answer = interactions.viewSubmission(payload);
        yield answer.errors() == null ? HttpResponse.ok()
            : HttpResponse.ok(Map.of("response_action", "errors", "errors", answer.errors()));
      }
      default -> HttpResponse.ok(); // view_closed and the like: nothing to do
    };
  }

  /** The JSON in the form's {@code payload} field. */
  private JsonNode payload(String form) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && "payload".equals(pair.substring(0, eq))) {
        try {
          JsonNode node = json.readTree(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
          if (node != null && node.isObject()) {
            return node;
          }
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw ApiError.badRequest("payload", "is not valid JSON");
        }
      }
    }
    throw ApiError.badRequest("payload", "is required: a form field holding the interaction as JSON");
  }
}
