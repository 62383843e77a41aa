package io.vigil.app.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.vigil.app.api.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Incident webhooks. Each authenticates its sender (401 on a bad signature or token, 403 when the
 * source is not configured), parses the body (400 when malformed, or when the update could never be
 * stored: a NUL character in a text, see {@link StorableUpdates}), and answers 202 only after
 * Temporal accepted the event. Nothing is started for a request that fails either check. The
 * senders hold no Vigil credential, so these routes pass the authentication filter and check their
 * own secrets.
 */
@Controller("/api/webhooks")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class IncidentWebhooksController {
  private final IncidentIntake intake;
  private final ObjectMapper json;
  private final PagerDutyEvents pagerDuty;
  private final OpsgenieAlerts opsgenie;
  private final StatuspageEvents statuspage;
  private final GenericIncidents generic;
  private final List<String> pagerDutySecrets;
  private final String opsgenieSecret;
  private final String statuspageToken;
  private final String genericToken;

  public IncidentWebhooksController(IncidentIntake intake, ObjectMapper json, PagerDutyEvents pagerDuty,
      OpsgenieAlerts opsgenie, StatuspageEvents statuspage, GenericIncidents generic,
      @Value("${pagerduty.webhook-secrets:}") List<String> pagerDutySecrets,
      @Value("${opsgenie.webhook-secret:}") String opsgenieSecret,
      @Value("${statuspage.webhook-token:}") String statuspageToken,
      @Value("${vigil.incidents.webhook-token:}") String genericToken) {
    this.intake = intake;
    this.json = json;
    this.pagerDuty = pagerDuty;
    this.opsgenie = opsgenie;
    this.statuspage = statuspage;
    this.generic = generic;
    this.pagerDutySecrets = pagerDutySecrets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    this.opsgenieSecret = opsgenieSecret;
    this.statuspageToken = statuspageToken;
    this.genericToken = genericToken;
  }

  /**
   * The PRD 4.2 body ({@link GenericIncidents.GenericIncident}, read from the raw text, which keys a
   * redelivery without an Idempotency-Key), from a sender holding {@code VIGIL_INCIDENTS_WEBHOOK_TOKEN} (as
   * {@code X-Vigil-Token}) or an integration (or admin) API token; 403 when neither is configured.
   */
  @Post("/incidents")
  public HttpResponse<Object> generic(@Nullable Authentication auth,
      @RequestBody(content = @Content(mediaType = "application/json",
          schema = @Schema(implementation = GenericIncidents.GenericIncident.class))) @Body String body,
      @Nullable @Header("X-Vigil-Token") String token, @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    Caller caller = auth == null ? null : Caller.of(auth);
    boolean machine = caller != null && (caller.is(Roles.INTEGRATION) || caller.is(Roles.ADMIN));
    if (!machine) {
      if (caller != null) {
        throw forbidden("the " + caller.role() + " role may not open incidents; use an integration token");
      }
      if (genericToken.isBlank()) {
        throw forbidden("the generic incident webhook is not enabled: set VIGIL_INCIDENTS_WEBHOOK_TOKEN or send "
            + "an integration token as Authorization: Bearer");
      }
      if (!Secrets.sameSecret(genericToken, token)) {
        throw unauthorized("X-Vigil-Token does not match VIGIL_INCIDENTS_WEBHOOK_TOKEN");
      }
    }
    return accept(generic.parse(body, idempotencyKey));
  }

  /** PagerDuty V3: {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>]}, HMAC-SHA256 of the raw body; any configured secret may match (rotation). */
  @Post("/pagerduty")
  public HttpResponse<Object> pagerDuty(@Body String body, @Nullable @Header("X-PagerDuty-Signature") String signature,
      @Nullable @Header("X-Webhook-Id") String webhookId) {
    if (pagerDutySecrets.isEmpty()) {
      throw forbidden("PagerDuty webhooks are not enabled: set PAGERDUTY_WEBHOOK_SECRETS");
    }
    if (!validPagerDutySignature(body, signature)) {
      throw unauthorized("X-PagerDuty-Signature does not match any configured secret");
    }
    return accept(pagerDuty.parse(parse(body), webhookId));
  }

  @Post("/opsgenie")
  public HttpResponse<Object> opsgenie(@Body String body, @Nullable @Header("X-Vigil-Token") String token) {
    if (opsgenieSecret.isBlank()) {
      throw forbidden("Opsgenie webhooks are not enabled: set OPSGENIE_WEBHOOK_SECRET");
    }
    if (!Secrets.sameSecret(opsgenieSecret, token)) {
      throw unauthorized("X-Vigil-Token does not match OPSGENIE_WEBHOOK_SECRET");
    }
    return accept(opsgenie.parse(parse(body)));
  }

  /** Statuspage signs nothing: the secret token in the path is the authentication. */
  @Post("/statuspage/{token}")
  public HttpResponse<Object> statuspage(@PathVariable String token, @Body String body) {
    if (statuspageToken.isBlank()) {
      throw forbidden("Statuspage webhooks are not enabled: set STATUSPAGE_WEBHOOK_TOKEN");
    }
    if (!Secrets.sameSecret(statuspageToken, token)) {
      throw unauthorized("unknown Statuspage webhook token");
    }
    return accept(statuspage.parse(parse(body)));
  }

  private boolean validPagerDutySignature(String body, String header) {
    if (header == null || header.isBlank()) {
      return false;
    }
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    for (String secret : pagerDutySecrets) {
      String expected = "v1=" + Secrets.hmacSha256Hex(secret, raw);
      for (String given : header.split(",")) {
        if (Secrets.sameSecret(expected, given.trim())) {
          return true;
        }
      }
    }
    return false;
  }

  private HttpResponse<Object> accept(ParsedEvent event) {
    if (event.update() == null) {
      return HttpResponse.accepted().body(Map.of("ignored", event.ignoredBecause()));
    }
    StorableUpdates.require(event.update());
    return HttpResponse.accepted().body(intake.accept(event.update()));
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = json.readTree(body == null ? "" : body);
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

  private static ApiError forbidden(String message) {
    return new ApiError(HttpStatus.FORBIDDEN, message, List.of());
  }
}
