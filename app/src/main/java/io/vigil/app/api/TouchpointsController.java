package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.Touchpoint;
import io.vigil.infra.persistence.TouchpointStore;
import io.vigil.workflows.silence.ContactMade;
import io.vigil.workflows.silence.SilenceCheckinWorkflow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Touchpoints: contacts with a customer people record (a call, meeting, email or note). With the
 * emails sent through Vigil they end a customer's silence; one recorded while a check-in after
 * silence waits for approval withdraws its draft (docs/health.md, "Check-in after silence").
 * Idempotent with an {@code Idempotency-Key} header: the same key for the same customer stores once.
 */
@Controller("/api/customers/{id}/touchpoints")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TouchpointsController {
  private static final Logger LOG = LoggerFactory.getLogger(TouchpointsController.class);
  /** Clocks disagree a little; a contact further ahead than this is a mistake. */
  static final Duration FUTURE_SKEW = Duration.ofMinutes(10);

  private final TouchpointStore touchpoints;
  private final Scopes scopes;
  private final WorkflowClient client;
  private final Clock clock;

  public TouchpointsController(TouchpointStore touchpoints, Scopes scopes, WorkflowClient client, Clock clock) {
    this.touchpoints = touchpoints;
    this.scopes = scopes;
    this.client = client;
    this.clock = clock;
  }

  @Introspected
  public record TouchpointRequest(
      @NotNull @Pattern(regexp = "call|meeting|email|note", message = "must be one of call, meeting, email, note") String type,
      // read as text so that a malformed instant gets the same message as everywhere else
      @NotNull @Size(max = 64) String at,
      @NotBlank @Size(max = Limits.NAME) String by,
      @NotBlank @Size(max = Limits.TEXT) String summary) {}

  /** {@code recordedBy}: the user (or machine credential) that recorded it. */
  public record TouchpointView(long id, String customerId, String type, Instant at, String by, String summary,
      @Nullable String recordedBy, Instant createdAt) {}

  /** 201 with the touchpoint; 200 with the stored one when its Idempotency-Key stored the same one before; 409 for another. */
  @Post
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM, Roles.INTEGRATION})
  public HttpResponse<TouchpointView> record(Authentication auth, @PathVariable String id,
      @Nullable @Header("Idempotency-Key") String idempotencyKey, @Body @Valid TouchpointRequest body) {
    Caller caller = Caller.of(auth);
    List<ApiError.FieldError> errors = new ArrayList<>();
    Instant at = Instants.parse(body.at(), "at", errors);
    if (at != null && at.isAfter(clock.instant().plus(FUTURE_SKEW))) {
      errors.add(new ApiError.FieldError("at", "is in the future"));
    }
    if (idempotencyKey != null && !idempotencyKey.matches(Limits.ID)) {
      errors.add(new ApiError.FieldError("Idempotency-Key", Limits.ID_MESSAGE));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    scopes.requireActionable(caller, id);
    TouchpointStore.Stored stored = touchpoints.insertOnce(new TouchpointStore.NewTouchpoint(id, body.type(), at,
        body.by().strip(), body.summary().strip(), idempotencyKey, caller.actor()));
    Touchpoint t = stored.touchpoint();
    if (!stored.created()) {
      if (!t.type().equals(body.type()) || !t.at().equals(at) || !t.by().equals(body.by().strip())
          || !t.summary().equals(body.summary().strip())) {
        throw ApiError.conflict("Idempotency-Key " + idempotencyKey + " already recorded another touchpoint (" + t.id()
            + ") for customer " + id + "; use a new key for a new touchpoint");
      }
      return HttpResponse.ok(view(t));
    }
    LOG.info("Touchpoint {} recorded for {}: {} at {} by {}", t.id(), id, t.type(), t.at(), t.by());
    tellSilenceCheckin(t);
    return HttpResponse.created(view(t));
  }

  @Get
  @Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
  public Page<TouchpointView> list(Authentication auth, @PathVariable String id,
      @Nullable @QueryValue @Min(value = 1, message = Keyset.LIMIT_MESSAGE) @Max(value = Keyset.MAX_LIMIT, message = Keyset.LIMIT_MESSAGE) Integer limit,
      @Nullable @QueryValue String cursor) {
    Keyset page = Keyset.of("touchpoints", limit, cursor, 2);
    scopes.visibleCustomer(Caller.of(auth), id);
    return page.page(touchpoints.list(id, page.instant(0), page.number(1), page.fetch()), TouchpointsController::view,
        t -> List.of(t.at(), t.id()));
  }

  /** A check-in after silence waiting for the customer no longer needs its draft; none running: nothing to tell. */
  private void tellSilenceCheckin(Touchpoint t) {
    try {
      SilenceCheckinWorkflow.running(client, t.customerId()).recordContact(new ContactMade(t.type(), t.at(), t.by()));
      LOG.info("Told {} of touchpoint {}", SilenceCheckinWorkflow.workflowId(t.customerId()), t.id());
    } catch (WorkflowNotFoundException none) {
      // no check-in after silence is open for the customer
    }
  }

  private static TouchpointView view(Touchpoint t) {
    return new TouchpointView(t.id(), t.customerId(), t.type(), t.at(), t.by(), t.summary(), t.recordedBy(), t.createdAt());
  }
}
