package io.vigil.app.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.vigil.app.alerts.AlertMoves;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.AlertQuality;
import io.vigil.infra.persistence.RiskSignalLifecycle.Move;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * What people do with an alert (docs/api.md, "Alert lifecycle"): acknowledge it, resolve it with an
 * outcome, or dismiss it as a false positive with a reason; complete a task. Repeating the move that was
 * made answers 200 with the alert as it is; a move out of a final state answers 409. Dismissals are what
 * {@code GET /api/insights/alert-quality} counts against each rule.
 */
@Controller("/api")
@Secured({Roles.ADMIN, Roles.MANAGER, Roles.CSM})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertLifecycleController {
  static final String RECORD_ID = "[0-9]{1,18}";
  static final String RECORD_ID_MESSAGE = "must be a number (the id the list answered)";

  private final AlertMoves moves;
  private final AlertQuality quality;
  private final Scopes scopes;
  private final Views views;

  public AlertLifecycleController(AlertMoves moves, AlertQuality quality, Scopes scopes, Views views) {
    this.moves = moves;
    this.quality = quality;
    this.scopes = scopes;
    this.views = views;
  }

  @Introspected
  public record ResolveRequest(@NotNull @NotBlank @Size(max = Limits.TEXT) String outcome) {}

  @Introspected
  public record DismissRequest(@NotNull @NotBlank @Size(max = Limits.TEXT) String reason) {}

  @Post("/risk-signals/{id}/acknowledge")
  public Views.RiskSignalView acknowledge(Authentication auth,
      @PathVariable @Pattern(regexp = RECORD_ID, message = RECORD_ID_MESSAGE) String id) {
    return move(auth, id, Move.ACKNOWLEDGE, null);
  }

  @Post("/risk-signals/{id}/resolve")
  public Views.RiskSignalView resolve(Authentication auth,
      @PathVariable @Pattern(regexp = RECORD_ID, message = RECORD_ID_MESSAGE) String id,
      @Body @Valid ResolveRequest body) {
    return move(auth, id, Move.RESOLVE, body.outcome().strip());
  }

  @Post("/risk-signals/{id}/dismiss")
  public Views.RiskSignalView dismiss(Authentication auth,
      @PathVariable @Pattern(regexp = RECORD_ID, message = RECORD_ID_MESSAGE) String id,
      @Body @Valid DismissRequest body) {
    return move(auth, id, Move.DISMISS, body.reason().strip());
  }

  @Post("/tasks/{id}/complete")
  public Views.TaskView complete(Authentication auth,
      @PathVariable @Pattern(regexp = RECORD_ID, message = RECORD_ID_MESSAGE) String id) {
    return views.task(moves.complete(Caller.of(auth), Long.parseLong(id)));
  }

  public record AlertQualityView(@Nullable Instant from, @Nullable Instant to, List<AlertQuality.RuleQuality> rules) {}

  /** {@code from} inclusive, {@code to} exclusive, on the alerts' creation; the caller's customers only. */
  @Get("/insights/alert-quality")
  public AlertQualityView alertQuality(Authentication auth, @Nullable @QueryValue String from,
      @Nullable @QueryValue String to) {
    Instant start = Instants.bound(from, "from");
    Instant end = Instants.bound(to, "to");
    if (start != null && end != null && !start.isBefore(end)) {
      throw ApiError.badRequest("from", "must be before to");
    }
    return new AlertQualityView(start, end, quality.byRule(start, end, scopes.of(Caller.of(auth)).csmIds()));
  }

  private Views.RiskSignalView move(Authentication auth, String id, Move move, String text) {
    return views.riskSignal(moves.move(Caller.of(auth), Long.parseLong(id), move, text));
  }
}
