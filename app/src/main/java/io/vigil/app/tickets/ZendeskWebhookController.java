package io.vigil.app.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.vigil.app.api.ApiError;
import io.vigil.app.incidents.Secrets;
import io.vigil.infra.persistence.TicketStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Zendesk ticket events into the ticket store. Zendesk signs each request: base64 HMAC-SHA256, with
 * the webhook's signing secret ({@code ZENDESK_WEBHOOK_SECRET}), of the
 * {@code X-Zendesk-Webhook-Signature-Timestamp} header followed by the raw body, sent as
 * {@code X-Zendesk-Webhook-Signature}. A bad signature, or a timestamp more than
 * {@value #TOLERANCE_MINUTES} minutes from now (a replay), is a 401; no secret configured is a 403.
 */
@Controller("/api/webhooks/zendesk")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ZendeskWebhookController {
  static final long TOLERANCE_MINUTES = 5;

  private final ZendeskTickets zendesk;
  private final TicketIntake intake;
  private final ObjectMapper json;
  private final Clock clock;
  private final String secret;

  public ZendeskWebhookController(ZendeskTickets zendesk, TicketIntake intake, ObjectMapper json, Clock clock,
      @Value("${zendesk.webhook-secret:}") String secret) {
    this.zendesk = zendesk;
    this.intake = intake;
    this.json = json;
    this.clock = clock;
    this.secret = secret;
  }

  @Post
  public HttpResponse<Map<String, Object>> receive(@Body String body,
      @Nullable @Header("X-Zendesk-Webhook-Signature") String signature,
      @Nullable @Header("X-Zendesk-Webhook-Signature-Timestamp") String timestamp) {
    if (secret.isBlank()) {
      throw new ApiError(HttpStatus.FORBIDDEN, "Zendesk webhooks are not enabled: set ZENDESK_WEBHOOK_SECRET", List.of());
    }
    String raw = body == null ? "" : body;
    if (timestamp == null || signature == null
        || !Secrets.sameSecret(Secrets.hmacSha256Base64(secret, (timestamp + raw).getBytes(StandardCharsets.UTF_8)),
            signature.trim())) {
      throw unauthorized("X-Zendesk-Webhook-Signature does not match ZENDESK_WEBHOOK_SECRET");
    }
    if (!fresh(timestamp)) {
      throw unauthorized("X-Zendesk-Webhook-Signature-Timestamp is more than " + TOLERANCE_MINUTES
          + " minutes from now: a replayed or delayed request");
    }
    ZendeskTickets.Parsed parsed = zendesk.parse(parse(raw));
    if (parsed.ticket() == null) {
      return HttpResponse.accepted().body(Map.of("ignored", parsed.ignoredBecause()));
    }
    TicketStore.Stored stored = intake.store(List.of(parsed.ticket()));
    return HttpResponse.accepted().body(Map.of("ticketId", parsed.ticket().id(), "created", stored.created(),
        "updated", stored.updated(), "unchanged", stored.unchanged()));
  }

  private boolean fresh(String timestamp) {
    try {
      Instant at = Instant.parse(timestamp.trim());
      return Duration.between(at, clock.instant()).abs().compareTo(Duration.ofMinutes(TOLERANCE_MINUTES)) <= 0;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest("body", "must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.badRequest("body", "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static ApiError unauthorized(String message) {
    return new ApiError(HttpStatus.UNAUTHORIZED, message, List.of());
  }
}
