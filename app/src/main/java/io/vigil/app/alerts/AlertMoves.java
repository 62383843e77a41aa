package io.vigil.app.alerts;

import io.vigil.app.api.ApiError;
import io.vigil.app.security.Caller;
import io.vigil.app.security.Scopes;
import io.vigil.infra.metrics.VigilMetrics;
import io.vigil.infra.persistence.RiskSignal;
import io.vigil.infra.persistence.RiskSignalLifecycle;
import io.vigil.infra.persistence.RiskSignalLifecycle.Move;
import io.vigil.infra.persistence.Task;
import io.vigil.infra.persistence.TaskCompletions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What a person does with an alert or a task, whoever asks (the API, the dashboard): the caller's
 * scope checked (404 outside it, so nothing is revealed), the move made once, a move out of a final
 * state a 409 that says who closed it and why.
 */
@Singleton
public class AlertMoves {
  private final RiskSignalLifecycle lifecycle;
  private final TaskCompletions completions;
  private final Scopes scopes;
  private final Clock clock;
  private final VigilMetrics metrics;

  public AlertMoves(RiskSignalLifecycle lifecycle, TaskCompletions completions, Scopes scopes, Clock clock,
      VigilMetrics metrics) {
    this.metrics = metrics;
    this.lifecycle = lifecycle;
    this.completions = completions;
    this.scopes = scopes;
    this.clock = clock;
  }

  /** {@code text}: the outcome of a resolve, the reason of a dismissal, ignored for an acknowledgement. */
  public RiskSignal move(Caller caller, long signalId, Move move, String text) {
    String id = String.valueOf(signalId);
    RiskSignal signal = lifecycle.find(signalId).filter(s -> scopes.mayAct(caller, s.customerId()))
        .orElseThrow(() -> ApiError.notFound("risk signal", id));
    Instant now = clock.instant();
    RiskSignalLifecycle.Result result = lifecycle.move(signal.id(), move, caller.actor(), text, now);
    return switch (result.kind()) {
      case CHANGED -> firstActionTimed(signal, result.signal(), now);
      case UNCHANGED -> result.signal();
      case NOT_FOUND -> throw ApiError.notFound("risk signal", id);
      case CONFLICT -> throw ApiError.conflict(conflict(result.signal(), move));
    };
  }

  /**
   * Acknowledges the alert and holds the DMs about new alerts of its kind for its customer for
   * {@code length} (Slack's Snooze); answers when the snooze ends. A closed alert cannot be snoozed.
   */
  public Instant snooze(Caller caller, long signalId, Duration length) {
    String id = String.valueOf(signalId);
    RiskSignal signal = lifecycle.find(signalId).filter(s -> scopes.mayAct(caller, s.customerId()))
        .orElseThrow(() -> ApiError.notFound("risk signal", id));
    Instant now = clock.instant();
    Instant until = now.plus(length);
    RiskSignalLifecycle.Result result = lifecycle.snooze(signal.id(), caller.actor(), until, now);
    return switch (result.kind()) {
      case CHANGED -> {
        firstActionTimed(signal, result.signal(), now);
        yield until;
      }
      case UNCHANGED -> until;
      case NOT_FOUND -> throw ApiError.notFound("risk signal", id);
      case CONFLICT -> throw ApiError.conflict("the alert is already " + result.signal().status() + " by "
          + result.signal().closedBy() + ": it cannot be snoozed");
    };
  }

  public Task complete(Caller caller, long taskId) {
    Task task = completions.find(taskId).filter(t -> mayWorkOn(caller, t))
        .orElseThrow(() -> ApiError.notFound("task", String.valueOf(taskId)));
    return completions.complete(task.id(), caller.actor(), clock.instant()).orElseThrow().task();
  }

  /** The alert-to-action time counts a move out of open only: later moves are not its first action. */
  private RiskSignal firstActionTimed(RiskSignal before, RiskSignal after, Instant now) {
    if ("open".equals(before.status())) {
      metrics.alertActedOn(Duration.between(before.createdAt(), now));
    }
    return after;
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
