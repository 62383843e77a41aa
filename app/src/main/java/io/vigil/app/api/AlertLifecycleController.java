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
import io.vigil.app.security.Caller;
import io.vigil.app.security.Roles;
import io.vigil.app.security.Scopes;
import io.vigil.infra.persistence.AlertQuality;
import io.vigil.infra.persistence.RiskSignal;
import io.vigil.infra.persistence.RiskSignalLifecycle;
import io.vigil.infra.persistence.RiskSignalLifecycle.Move;
import io.vigil.infra.persistence.Task;
import io.vigil.infra.persistence.TaskCompletions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
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

  private final RiskSignalLifecycle lifecycle;
  private final TaskCompletions completions;
  private final AlertQuality quality;
  private final Scopes scopes;
  private final Views views;
  private final Clock clock;

  public AlertLifecycleController(RiskSignalLifecycle lifecycle, TaskCompletions completions, AlertQuality quality,
      Scopes scopes, Views views, Clock clock) {
    this.lifecycle = lifecycle;
    this.completions = completions;
    this.quality = quality;
    this.scopes = scopes;
    this.views = views;
    this.clock = clock;
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
    Caller caller = Caller.of(auth);
    long taskId = Long.parseLong(id);
    Task task = completions.find(taskId).filter(t -> mayWorkOn(caller, t))
        .orElseThrow(() -> ApiError.notFound("task", id));
    return views.task(completions.complete(task.id(), caller.actor(), clock.instant()).orElseThrow().task());
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
    Caller caller = Caller.of(auth);
    long signalId = Long.parseLong(id);
    RiskSignal signal = lifecycle.find(signalId).filter(s -> scopes.mayAct(caller, s.customerId()))
        .orElseThrow(() -> ApiError.notFound("risk signal", id));
    RiskSignalLifecycle.Result result = lifecycle.move(signal.id(), move, caller.actor(), text, clock.instant());
    return switch (result.kind()) {
      case CHANGED, UNCHANGED -> views.riskSignal(result.signal());
      case NOT_FOUND -> throw ApiError.notFound("risk signal", id);
      case CONFLICT -> throw ApiError.conflict(conflict(result.signal(), move));
    };
  }

  private static String conflict(RiskSignal now, Move move) {
    String said = "resolved".equals(now.status()) ? "outcome: " + now.outcome() : "reason: " + now.dismissReason();
    return "the alert was " + now.status() + " by " + now.closedBy() + " at " + now.closedAt() + " (" + said
        + "), which is final: it cannot be " + move.status() + " now";
  }

  private boolean mayWorkOn(Caller caller, Task task) {
    return caller.userId() != null && caller.userId().equals(task.assigneeId())
        || scopes.mayAct(caller, task.customerId());
  }
}
